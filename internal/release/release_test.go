package release

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/syncs"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
	"github.com/hotlane/hotlane/internal/testkit/speakertest"
)

// options is a release of build from the clone, over git.
func options(t *testing.T, o gittest.Origin, build string, report Reporter) Options {
	t.Helper()
	req := request(t, build, "")
	return Options{
		Repo: o.Clone, Remote: "origin", GitHub: access.GitHub{Mode: access.ModeGit}, Commit: "HEAD",
		Record:      record.Record{Build: build, Environment: "production", Source: "main", Time: time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)},
		TagTemplate: req.TagTemplate, BranchTemplate: req.BranchTemplate, GitTimeout: time.Minute, Report: report,
	}
}

func gateOf(o Options) *check.Options {
	return &check.Options{Repo: o.Repo, Remote: o.Remote, BranchTemplate: o.BranchTemplate, Tags: o.TagTemplate, Environment: "production", GitTimeout: time.Minute}
}

// TestRunIsTheWholeRelease: Run tags, creates the lane, names the previous
// release, finds what it drops, and owes what failed, called directly.
func TestRunIsTheWholeRelease(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	report := &speakertest.Reporter{}
	first, err := Run(context.Background(), options(t, o, "41", report))
	if err != nil {
		t.Fatal(err)
	}
	if first.TagState != Created || first.LaneState != Created || first.Previous != nil || first.Mode != access.ModeGit || first.Owed != nil {
		t.Fatalf("first release: %+v", first)
	}
	// a hotfix on the lane that main never gets, released from the lane
	// as 41.1; then one more that is never released
	gittest.Git(t, o.Clone, "switch", "-q", "-c", "hotfix/41", "origin/hotfix/41")
	fix := gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n", "fix: prices")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	hotfix := options(t, o, "41.1", report)
	hotfix.Record.Source, hotfix.Record.Time = "hotfix/41", hotfix.Record.Time.Add(time.Minute)
	hotfix.Dropped = gateOf(hotfix)
	if res, err := Run(context.Background(), hotfix); err != nil || res.DroppedChecked || res.DroppedUnknown != "" {
		t.Fatalf("a hotfix release is not checked for drops: %v %+v", err, res)
	}
	unreleased := gittest.Commit(t, o.Clone, "tax.go", "package shop // fixed\n", "fix: tax")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	gittest.Git(t, o.Clone, "switch", "-q", "main")
	gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")

	opts := options(t, o, "42", report)
	opts.Record.Time = opts.Record.Time.Add(2 * time.Minute)
	opts.Dropped, opts.RequireBackports = gateOf(opts), true
	opts.Sync = []syncs.Spec{mustSync(t, "command=exit 7")}
	second, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Previous == nil || second.Previous.Record.Build != "41.1" || second.Previous.Tag != "prod-41.1" {
		t.Errorf("previous: %+v", second.Previous)
	}
	// dropped: the fix production had (41.1), not the one it never had
	if !second.DroppedChecked || len(second.Dropped) != 1 || !strings.Contains(second.Dropped[0], naming.Short(fix)) ||
		strings.Contains(second.Dropped[0], naming.Short(unreleased)) {
		t.Errorf("dropped: %v", second.Dropped)
	}
	// a failed sync is owed first (exit 3), and the release stays recorded
	if !fault.Is(second.Owed, fault.Failed) || !strings.Contains(gittest.Refs(t, o.Bare), "refs/tags/prod-42") {
		t.Errorf("owed %v", second.Owed)
	}
	if got := report.All(ci.Error); !strings.Contains(got, "sync command=exit 7 failed") {
		t.Errorf("error annotations: %q", got)
	}
	outputs := map[string]string{}
	for _, out := range second.Outputs() {
		outputs[out.Name] = out.Value
	}
	if outputs["release"] != "42" || outputs["previous-release"] != "41.1" || outputs["lane"] != "hotfix/42" || outputs["dropped"] != "1" {
		t.Errorf("outputs: %v", outputs)
	}
	// without the sync, what is owed is the dropped hotfix (exit 1)
	opts.Sync = nil
	again, err := Run(context.Background(), opts)
	if err != nil || !fault.Is(again.Owed, fault.Refused) || again.TagState != Exists {
		t.Errorf("re-run: %v, owed %v, tag %s", err, again.Owed, again.TagState)
	}
}

// TestRunDryRunChangesNothing: a dry run plans, and the remote is as it was.
func TestRunDryRunChangesNothing(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	before := gittest.Refs(t, o.Bare)
	opts := options(t, o, "7", &speakertest.Reporter{})
	opts.DryRun = true
	opts.Sync = []syncs.Spec{mustSync(t, "command=exit 1")}
	res, err := Run(context.Background(), opts)
	if err != nil || res.TagState != WouldCreate || res.Synced != nil || res.Owed != nil {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	if after := gittest.Refs(t, o.Bare); after != before {
		t.Errorf("a dry run changed the remote:\n%s", after)
	}
}

// TestRunRefusesWhatNamesNoCommit: a --commit that is not a commit is bad
// input, and nothing is pushed.
func TestRunRefusesWhatNamesNoCommit(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	opts := options(t, o, "7", &speakertest.Reporter{})
	opts.Commit = "no-such-revision"
	if _, err := Run(context.Background(), opts); !fault.Is(err, fault.Invalid) {
		t.Errorf("kind %v: %v", fault.KindOf(err), err)
	}
}

func mustSync(t *testing.T, spec string) syncs.Spec {
	t.Helper()
	s, err := syncs.Parse(spec, config.SyncDefaults)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunWorksOnTheRunsClone: given the run's Reach (the clone opened
// once), Run opens nothing itself: the release, the dropped check and the
// earlier releases' history all work on that clone, so a Repo that names
// no clone changes nothing.
func TestRunWorksOnTheRunsClone(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	report := &speakertest.Reporter{}
	run := func(build, source string, minute int) Result {
		t.Helper()
		reach := access.GitHub{Mode: access.ModeGit}.Open(o.Clone, "origin", gitrepo.Credentials{})
		defer reach.Close()
		opts := options(t, o, build, report)
		opts.Repo = t.TempDir() // not a clone: only the Reach's may be used
		opts.Reach, opts.Record.Source = reach, source
		opts.Record.Time = opts.Record.Time.Add(time.Duration(minute) * time.Minute)
		opts.Dropped = gateOf(opts)
		res, err := Run(context.Background(), opts)
		if err != nil || res.DroppedUnknown != "" {
			t.Fatalf("release %s: %v (dropped unknown: %s)", build, err, res.DroppedUnknown)
		}
		return res
	}
	run("41", "main", 0)
	gittest.Git(t, o.Clone, "switch", "-q", "-c", "hotfix/41", "origin/hotfix/41")
	fix := gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n", "fix: prices")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	run("41.1", "hotfix/41", 1)
	gittest.Git(t, o.Clone, "switch", "-q", "main")
	gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	res := run("42", "main", 2)
	if !res.DroppedChecked || len(res.Dropped) != 1 || !strings.Contains(res.Dropped[0], naming.Short(fix)) {
		t.Errorf("dropped: %v", res.Dropped)
	}
}
