package gitrepo

import (
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestHold: while a clone is held, every open of it shares one storage and
// closing leaves it usable; once released, opens are separate again.
func TestHold(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	release := Hold(o.Clone)
	a, err := Open(o.Clone, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	head, err := a.ResolveCommit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_ = a.Close()
	b, err := OpenClone(o.Clone)
	if err != nil {
		t.Fatal(err)
	}
	if b != a.Repository() {
		t.Errorf("a held clone was opened twice")
	}
	if _, err := b.CommitObject(hashOf(head)); err != nil {
		t.Errorf("the held clone was closed by Close: %v", err)
	}
	_ = CloseClone(b)
	release()
	release() // a second call does nothing
	c, err := OpenClone(o.Clone)
	if err != nil {
		t.Fatal(err)
	}
	defer CloseClone(c)
	if c == b {
		t.Errorf("a released clone was shared")
	}
	held.Lock()
	defer held.Unlock()
	if len(held.clones) != 0 {
		t.Errorf("holds left behind: %v", held.clones)
	}
}
