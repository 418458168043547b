package check

import (
	"context"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestRetiredLanes: a retirement at the lane's tip takes the lane out of
// the gate (a note, not read); commits after it put the lane back (a
// warning); a record-named lane deleted after its retirement is a note; a
// retirement whose tag is not at the tip it names is ignored; and a lane
// deleted without one is an error that names its tag and lane and says
// what to do.
func TestRetiredLanes(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	g := func(args ...string) string { return gittest.Git(t, o.Clone, args...) }
	gittest.Release(t, o.Clone, "1", "production")
	g("checkout", "-q", "-b", "hotfix/1")
	fix := gittest.Commit(t, o.Clone, "fix.go", "package shop\n", "fix: one")
	g("push", "-q", "origin", "hotfix/1")
	g("checkout", "-q", "main")
	retire := func(tag, tip string) {
		r := record.Retired{Build: "1", Tag: "prod-1", Lane: "hotfix/1", Tip: tip, Reason: "merged into main", By: "ops"}
		g("tag", "-a", tag, "-m", r.Message(), tip)
		g("push", "-q", "origin", tag)
	}
	notes := func(res Result) string { return strings.Join(res.Notes, "\n") }
	ctx := context.Background()

	// the fix is missing; a retirement tag that is not at the tip it names is ignored
	head := g("rev-parse", "HEAD")
	r := record.Retired{Build: "1", Tag: "prod-1", Lane: "hotfix/1", Tip: fix, Reason: "forged", By: "x"}
	g("tag", "-a", "hotlane-retired/forged", "-m", r.Message(), head)
	g("push", "-q", "origin", "hotlane-retired/forged")
	res, err := Run(ctx, options(t, o.Clone))
	if err != nil || res.Report.Summary().Missing != 1 || !strings.Contains(notes(res), "tag hotlane-retired/forged is not a readable lane retirement") {
		t.Fatalf("a forged retirement: %v, %+v, %s", err, res.Report.Summary(), notes(res))
	}

	// retired at its tip: not read, a note says so
	retire(record.Retired{Tag: "prod-1", Tip: fix}.TagName(), fix)
	res, err = Run(ctx, options(t, o.Clone))
	if err != nil || len(res.Report.Lanes) != 0 || !strings.Contains(notes(res), "lane hotfix/1 is retired (merged into main, by ops, tag hotlane-retired/prod-1/") {
		t.Fatalf("a retired lane: %v, lanes %d, %s", err, len(res.Report.Lanes), notes(res))
	}

	// a commit after the retirement: checked again, with a warning
	g("checkout", "-q", "hotfix/1")
	gittest.Commit(t, o.Clone, "fix2.go", "package shop\n", "fix: two")
	g("push", "-q", "origin", "hotfix/1")
	g("checkout", "-q", "main")
	res, err = Run(ctx, options(t, o.Clone))
	if err != nil || res.Report.Summary().Missing != 2 || !strings.Contains(notes(res), "lane hotfix/1 was retired at "+fix[:12]+" (merged into main) but has commits after it: it is checked again") {
		t.Fatalf("a lane with commits after its retirement: %v, %+v, %s", err, res.Report.Summary(), notes(res))
	}

	// deleted after a retirement: a note, not an error
	g("push", "-q", "origin", "--delete", "hotfix/1")
	g("branch", "-q", "-D", "hotfix/1")
	g("update-ref", "-d", "refs/remotes/origin/hotfix/1")
	res, err = Run(ctx, options(t, o.Clone))
	if err != nil || !strings.Contains(notes(res), "lane hotfix/1 (named by the record of prod-1) was deleted after it was retired at "+fix[:12]) {
		t.Fatalf("a deleted, retired lane: %v, %s", err, notes(res))
	}

	// deleted without a retirement: an error naming the real tag and lane
	gittest.Release(t, o.Clone, "2", "production")
	_, err = Run(ctx, options(t, o.Clone))
	for _, want := range []string{"hotfix/2 (named by the record of prod-2)", "git push origin prod-2^{commit}:refs/heads/hotfix/2",
		"git push origin refs/remotes/origin/hotfix/2:refs/heads/hotfix/2", "hotlane retire 2 --reason"} {
		if !fault.Is(err, fault.Unavailable) || !strings.Contains(err.Error(), want) {
			t.Errorf("a deleted lane: %v (kind %v), want %q", err, fault.KindOf(err), want)
		}
	}
	if strings.Contains(err.Error(), "<tag>") || strings.Contains(err.Error(), "<lane>") {
		t.Errorf("placeholders in %v", err)
	}
}
