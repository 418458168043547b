package check

import (
	"context"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

func options(t *testing.T, repo string) Options {
	t.Helper()
	branches, err := naming.ParseTemplate("hotfix/{build}")
	if err != nil {
		t.Fatal(err)
	}
	tags, err := naming.ParseTemplate("prod-{build}")
	if err != nil {
		t.Fatal(err)
	}
	return Options{Repo: repo, Remote: "origin", BranchTemplate: branches, Tags: tags, Environment: "production"}
}

// TestRunNeverPassesBlind: the gate's answers when it cannot see, called
// directly: a missing remote is bad input (2), unless offline; a lane that
// a record names and nobody has is a failure (3); a lane on the remote that
// the clone never fetched is checked.
func TestRunNeverPassesBlind(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	g := func(args ...string) string { return gittest.Git(t, o.Clone, args...) }
	head := g("rev-parse", "HEAD")
	g("tag", "-a", "-m", "Production release 1\n\nHotlane-Release: 1\nHotlane-Environment: production\nHotlane-Commit: "+head+"\nHotlane-Lane: hotfix/1\n", "prod-1")
	g("push", "-q", "origin", "prod-1")
	g("checkout", "-q", "-b", "hotfix/1")
	gittest.Commit(t, o.Clone, "fix.go", "package shop\n", "fix: one")
	g("push", "-q", "origin", "hotfix/1")
	g("checkout", "-q", "main")
	g("branch", "-q", "-D", "hotfix/1")
	g("update-ref", "-d", "refs/remotes/origin/hotfix/1")
	ctx := context.Background()

	res, err := Run(ctx, options(t, o.Clone))
	if err != nil || res.Report.Summary().Missing != 1 {
		t.Fatalf("a lane only the remote has: %+v, %v", res.Report.Summary(), err)
	}

	missing := options(t, o.Clone)
	missing.Remote = "upstream"
	if _, err := Run(ctx, missing); !fault.Is(err, fault.Invalid) {
		t.Errorf("a remote that does not exist: %v (kind %v), want invalid", err, fault.KindOf(err))
	}
	missing.Offline = true
	if _, err := Run(ctx, missing); err != nil {
		t.Errorf("offline without the remote: %v", err)
	}

	g("push", "-q", "origin", "--delete", "hotfix/1")
	g("update-ref", "-d", "refs/remotes/origin/hotfix/1")
	_, err = Run(ctx, options(t, o.Clone))
	if !fault.Is(err, fault.Unavailable) || !strings.Contains(err.Error(), "hotfix/1 (named by the record of prod-1)") {
		t.Errorf("a lane a record names that nobody has: %v (kind %v), want unavailable naming it", err, fault.KindOf(err))
	}
	offline := options(t, o.Clone)
	offline.Offline = true
	res, err = Run(ctx, offline)
	if err != nil || !strings.Contains(strings.Join(res.Notes, "\n"), "the clone does not have lane hotfix/1") {
		t.Errorf("offline, the missing lane is a note: %v, %v", res.Notes, err)
	}
}
