package release

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
	"github.com/hotlane/hotlane/internal/testkit/speakertest"
)

// TestRunChecksDropsInAPIMode: a release through the GitHub API (the fake
// GitHub serving the origin) checks what it drops by the same rule as git
// mode when it runs in a clone; without one it cannot decide, and says so
// (a warning, dropped=unknown, exit 3 under --require-backports).
func TestRunChecksDropsInAPIMode(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)
	report := &speakertest.Reporter{}
	api := func(build, commit, source string, minute int) Options {
		opts := options(t, o, build, report)
		opts.GitHub = access.GitHub{Mode: access.ModeGitHub, Token: "write-token-1234567890", APIURL: gh.URL, Repository: "acme/shop", HTTP: config.HTTPPolicy(10 * time.Second)}
		opts.Commit, opts.Record.Source = commit, source
		opts.Record.Time = opts.Record.Time.Add(time.Duration(minute) * time.Minute)
		opts.Dropped = gateOf(opts)
		return opts
	}
	run := func(opts Options) Result {
		t.Helper()
		res, err := Run(context.Background(), opts)
		if err != nil || res.Mode != access.ModeGitHub {
			t.Fatalf("release %s: %v (mode %s)", opts.Record.Build, err, res.Mode)
		}
		return res
	}
	run(api("41", gittest.Git(t, o.Clone, "rev-parse", "HEAD"), "main", 0))
	gittest.Git(t, o.Clone, "fetch", "-q", "origin")
	gittest.Git(t, o.Clone, "switch", "-q", "-c", "hotfix/41", "origin/hotfix/41")
	fix := gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n", "fix: prices")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	run(api("41.1", fix, "hotfix/41", 1))
	gittest.Git(t, o.Clone, "switch", "-q", "main")
	next := gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")

	inClone := run(api("42", next, "main", 2))
	if !inClone.DroppedChecked || len(inClone.Dropped) != 1 || !strings.Contains(inClone.Dropped[0], naming.Short(fix)) {
		t.Errorf("in a clone: dropped %v (unknown %q)", inClone.Dropped, inClone.DroppedUnknown)
	}

	noClone := api("43", next, "main", 3)
	noClone.Repo = t.TempDir() // not a clone: the API alone
	noClone.Dropped.Repo = noClone.Repo
	noClone.RequireBackports = true
	res := run(noClone)
	if res.DroppedChecked || !strings.Contains(res.DroppedUnknown, "without a clone") || !fault.Is(res.Owed, fault.Failed) {
		t.Errorf("without a clone: checked %v, unknown %q, owed %v", res.DroppedChecked, res.DroppedUnknown, res.Owed)
	}
	outputs := map[string]string{}
	for _, out := range res.Outputs() {
		outputs[out.Name] = out.Value
	}
	if outputs["dropped"] != "unknown" || outputs["previous-release"] != "42" {
		t.Errorf("outputs: %v", outputs)
	}
	if got := report.All(ci.Warning); !strings.Contains(got, "dropped=unknown") {
		t.Errorf("no warning says the check could not decide: %q", got)
	}
}
