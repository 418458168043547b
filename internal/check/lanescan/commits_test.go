package lanescan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestParseCommitAgreesWithGoGit: the gate's own commit reader gives the
// parents, tree, committer time, author and message go-git's decoder
// gives, for plain, merge and signed commits (a multi-line gpgsig header)
// and a message with no body.
func TestParseCommitAgreesWithGoGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	g("init", "-q", "-b", "main")
	gittest.Commit(t, dir, "a.txt", "a\n", "feat: a\n\nwith a body\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)")
	g("checkout", "-q", "-b", "side")
	gittest.Commit(t, dir, "b.txt", "b\n", "feat: b")
	g("checkout", "-q", "main")
	gittest.Commit(t, dir, "c.txt", "c\n", "feat: c")
	g("merge", "-q", "--no-ff", "-m", "Merge side", "side")
	head := g("rev-parse", "HEAD")
	tree := g("rev-parse", "HEAD^{tree}")
	signed := "tree " + tree + "\nparent " + head + "\n" +
		"author Dana   Developer <dana@example.com> 1700000000 +0100\n" +
		"committer Max <max@example.com> 1700000100 -0500\n" +
		"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n" +
		"\nfix: signed\n"
	obj := filepath.Join(dir, "signed")
	if err := os.WriteFile(obj, []byte(signed), 0o644); err != nil {
		t.Fatal(err)
	}
	shas := strings.Fields(g("rev-list", "--all"))
	shas = append(shas, g("hash-object", "-t", "commit", "-w", obj))

	repo, h := openHistory(t, dir)
	for _, sha := range shas {
		want, err := repo.CommitObject(plumbing.NewHash(sha))
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.readCommit(plumbing.NewHash(sha))
		if err != nil {
			t.Fatal(err)
		}
		if got.tree != want.TreeHash || got.when != want.Committer.When.Unix() || len(got.parents) != len(want.ParentHashes) {
			t.Errorf("%s: tree %s when %d parents %v; go-git %s %d %v", sha[:12], got.tree, got.when, got.parents, want.TreeHash, want.Committer.When.Unix(), want.ParentHashes)
		}
		for i := range got.parents {
			if got.parents[i] != want.ParentHashes[i] {
				t.Errorf("%s: parent %d is %s, go-git %s", sha[:12], i, got.parents[i], want.ParentHashes[i])
			}
		}
		if got.text.author != want.Author.Name || got.text.message != want.Message {
			t.Errorf("%s: author %q message %q; go-git %q %q", sha[:12], got.text.author, got.text.message, want.Author.Name, want.Message)
		}
	}
	good := strings.Repeat("ab", 20)
	for _, bad := range []string{
		"parent nothex\n\nx\n",
		"tree " + good[:39] + "\n\nx\n",                    // a digit short
		"tree " + good + "0\n\nx\n",                        // a digit long
		"tree " + good[:38] + "zz\n\nx\n",                  // not hex
		"tree " + good + "\nparent " + good[1:] + "g\n\nx", // a parent not hex
		"author a <a> 1 +0000\n\nx\n",                      // no tree
	} {
		if _, err := parseCommit([]byte(bad)); err == nil {
			t.Errorf("a malformed commit was accepted: %q", bad)
		}
	}
	if info, err := parseCommit([]byte("tree " + strings.ToUpper(good) + "\n\nx")); err != nil || info.tree.String() != good {
		t.Errorf("an upper-case tree name: %v, %v (go-git reads it)", info.tree, err)
	}
}
