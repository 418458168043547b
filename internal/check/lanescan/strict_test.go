package lanescan

import (
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestStrictReadsWhatAnAdaptedCopyIs: a hotfix that bumps a go.mod pin,
// with an adapted copy on the main line, has its pins read only when the
// analysis is strict (SetStrict): without --strict the adapted copy
// decides it, and its pins are never asked for.
func TestStrictReadsWhatAnAdaptedCopyIs(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	dir := o.Clone
	gittest.Commit(t, dir, "go.mod", "module example.com/shop\n\ngo 1.22\n\nrequire example.com/x v1.2.0\n", "chore: depend on x")
	gittest.Git(t, dir, "tag", "prod-1")
	gittest.Git(t, dir, "checkout", "-q", "-b", "hotfix/1")
	gittest.Commit(t, dir, "go.mod", "module example.com/shop\n\ngo 1.22\n\nrequire example.com/x v1.2.3\n", "build(deps): bump x")
	gittest.Git(t, dir, "checkout", "-q", "main")
	gittest.Commit(t, dir, "go.mod", "module example.com/shop\n\ngo 1.22\n\nrequire example.com/x v1.3.0\n", "build(deps): bump x")

	for _, strict := range []bool{false, true} {
		repo, h := openHistory(t, dir)
		h.SetStrict(strict)
		in := collectMain(t, repo, h)
		if len(in.Lanes) != 1 || len(in.Lanes[0].Commits) != 1 {
			t.Fatalf("strict %v: lanes %+v", strict, in.Lanes)
		}
		c := in.Lanes[0].Commits[0]
		if read := len(c.Pins) > 0; read != strict {
			t.Errorf("strict %v: the hotfix's pins were read: %v (%+v), want %v", strict, read, c.Pins, strict)
		}
		if in.Strict != strict {
			t.Errorf("the input says strict %v, the engine was told %v", in.Strict, strict)
		}
	}
}
