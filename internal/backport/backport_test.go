package backport

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
	"github.com/hotlane/hotlane/internal/testkit/speakertest"
)

// owing is an origin whose lane hotfix/41 has a fix that main lacks.
func owing(t *testing.T) (gittest.Origin, check.Options, string) {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Release(t, o.Clone, "41", "production")
	gittest.Git(t, o.Clone, "switch", "-q", "-c", "hotfix/41")
	fix := gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n", "fix: prices")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	gittest.Git(t, o.Clone, "switch", "-q", "main")
	return o, check.Options{Repo: o.Clone, Remote: "origin", Candidate: "main", BranchTemplate: naming.MustParseTemplate("hotfix/{build}"),
		Tags: naming.MustParseTemplate("prod-{build}"), Environment: "production"}, fix
}

// TestRunPrintsGitCommandsWithoutGitHub: a remote that is not on GitHub
// gets the git commands that backport the missing commit.
func TestRunPrintsGitCommandsWithoutGitHub(t *testing.T) {
	t.Parallel()
	_, g, fix := owing(t)
	res, err := Run(context.Background(), Options{Gate: g, GitHub: access.GitHub{Mode: access.ModeAuto, Token: "t0ken-1234567890", ServerURL: "https://github.com"}, Report: &speakertest.Reporter{}})
	if err != nil || res.API || len(res.Owing) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	var out bytes.Buffer
	if err := Render(&out, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "git cherry-pick -x "+fix) || !strings.Contains(out.String(), "git switch -c backport/hotfix-41 origin/main") {
		t.Errorf("commands:\n%s", out.String())
	}
}

// TestRunOpensThenUpdatesOnePullRequest: with the API, one pull request
// per owing lane; a re-run updates it instead of opening a second.
func TestRunOpensThenUpdatesOnePullRequest(t *testing.T) {
	t.Parallel()
	o, g, _ := owing(t)
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)
	opts := Options{Gate: g, Report: &speakertest.Reporter{},
		GitHub: access.GitHub{Mode: access.ModeGitHub, Token: "write-token-1234567890", APIURL: gh.URL, Repository: "acme/shop", HTTP: config.HTTPPolicy(10 * time.Second)}}
	first, err := Run(context.Background(), opts)
	if err != nil || !first.API || len(first.Pulls) != 1 || !first.Pulls[0].Created {
		t.Fatalf("first: %v %+v", err, first)
	}
	second, err := Run(context.Background(), opts)
	if err != nil || len(second.Pulls) != 1 || second.Pulls[0].Created || second.Pulls[0].Number != first.Pulls[0].Number {
		t.Fatalf("second: %v %+v", err, second)
	}
	if title := second.Pulls[0].Title; title != "Backport hotfix/41 into main (1 missing hotfix commit(s))" {
		t.Errorf("title %q", title)
	}
	// the pull request comes from a branch of its own at the lane's tip, never from the lane
	if _, _, pulls := gh.State(); len(pulls) != 1 || pulls[0].Head != "hotlane/backport/hotfix/41-to-main" {
		t.Errorf("pull requests: %+v", pulls)
	}
	if first.Pulls[0].BranchState != "created" || second.Pulls[0].BranchState != "up to date" {
		t.Errorf("branch states: %q then %q", first.Pulls[0].BranchState, second.Pulls[0].BranchState)
	}
	if tip := gittest.Git(t, o.Bare, "rev-parse", "hotlane/backport/hotfix/41-to-main"); tip != gittest.Git(t, o.Bare, "rev-parse", "hotfix/41") {
		t.Errorf("the backport branch is at %s, not at the lane's tip", tip)
	}
}

// TestStrictAdaptedCopyIsNoCherryPick: under --strict an adapted copy on
// the main line stays missing, and the commands do not cherry-pick it (it
// would conflict with the copy): they say how to accept the copy.
func TestStrictAdaptedCopyIsNoCherryPick(t *testing.T) {
	t.Parallel()
	o, g, fix := owing(t)
	gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n\nvar rounding = \"half-up\"\n", "fix: prices (#7)")
	g.Strict = true
	res, err := Run(context.Background(), Options{Gate: g, Report: &speakertest.Reporter{}})
	if err != nil || len(res.Owing) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	var out bytes.Buffer
	if err := Render(&out, res); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "git cherry-pick -x "+fix) || !strings.Contains(out.String(), "Backport-Skip: "+fix[:12]) {
		t.Errorf("commands for a copy --strict refused:\n%s", out.String())
	}
}
