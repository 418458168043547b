package promotion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/fakegithub"
	"github.com/hotlane/hotlane/internal/ghapi"
	"github.com/hotlane/hotlane/internal/gitops"
	"github.com/hotlane/hotlane/internal/gittest"
	"github.com/hotlane/hotlane/internal/httpx"
	"github.com/hotlane/hotlane/internal/record"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	c := func(ch string) string { return strings.Repeat(ch, 40) }
	at := func(minute int) time.Time { return time.Date(2026, 11, 1, 0, minute, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		released []Released
		want     string // "" passes; else a phrase of the refusal
	}{
		{"released there", []Released{{Build: "46", Tag: "staging-46", Commit: c("a"), Recorded: true}}, ""},
		{"released there among others", []Released{{Build: "45", Commit: c("b"), Recorded: true}, {Build: "46", Commit: c("a"), Recorded: true}}, ""},
		{"nothing released", nil, "which has released nothing yet"},
		{"another commit, the latest named", []Released{{Build: "9", Tag: "staging-9", Commit: c("b")}, {Build: "10", Tag: "staging-10", Commit: c("c")}},
			"the last commit staging released is cccccccccccc (release 10, tag staging-10)"},
		{"a tag at the commit without a record", []Released{{Build: "46", Tag: "staging-46", Commit: c("a"), Recorded: false}}, "never released to staging"},
		{"the last recorded, whatever its build id", []Released{{Build: "103", Tag: "staging-103", Commit: c("b"), At: at(1)}, {Build: "2", Tag: "staging-2", Commit: c("c"), At: at(2)}},
			"the last commit staging released is cccccccccccc (release 2, tag staging-2)"},
	}
	for _, tt := range tests {
		got := Decide(c("a"), "staging", tt.released)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCheckReadsEitherEngine: the same rule (from the policy file at the
// commit) and the same records give the same answer over git and over
// the GitHub API.
func TestCheckReadsEitherEngine(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Commit(t, o.Clone, ".hotlane.yml", "promotion:\n  production: [staging]\n", "ci: promotion")
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	older := gittest.Git(t, o.Clone, "rev-parse", "HEAD~1")
	rec := record.Record{Build: "46", Environment: "staging", Commit: head, Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	gittest.Git(t, o.Clone, "tag", "-a", "staging-46", "-m", rec.Message(), head)
	gittest.Git(t, o.Clone, "push", "-q", "origin", "staging-46")

	repo, err := gitops.Open(o.Clone, "origin", gitops.Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("read-token-1234567890", fakegithub.Read)
	client, err := ghapi.New(gh.URL, "read-token-1234567890", "acme", "shop", httpx.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]Remote{"git": repo, "github": ghapi.NewEngine(client)} {
		ctx := context.Background()
		required, err := Check(ctx, r, Options{Commit: head, Environment: "production"})
		if err != nil || strings.Join(required, ",") != "staging" {
			t.Errorf("%s: the released commit: %v (required %v)", name, err, required)
		}
		// the older commit has no policy file: nothing required
		if required, err := Check(ctx, r, Options{Commit: older, Environment: "production"}); err != nil || len(required) != 0 {
			t.Errorf("%s: no policy: %v %v", name, required, err)
		}
		// asked for by flag, it is refused: staging never released it
		_, err = Check(ctx, r, Options{Commit: older, Environment: "production", Required: []string{"staging"}})
		if exit.Code(err) != exit.Missing || !strings.Contains(err.Error(), "release 46, tag staging-46") {
			t.Errorf("%s: the older commit: exit %d %v", name, exit.Code(err), err)
		}
	}
}
