package lanescan

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// goGitTree decodes content as go-git's Tree.Decode does.
func goGitTree(content string) ([]object.TreeEntry, error) {
	o := &plumbing.MemoryObject{}
	o.SetType(plumbing.TreeObject)
	if _, err := o.Write([]byte(content)); err != nil {
		return nil, err
	}
	var t object.Tree
	err := t.Decode(o)
	return t.Entries, err
}

// TestDecodeTreeEntriesAsGoGit: the walk's tree decoder reads what
// go-git's reads (names, canonical modes, object names), and refuses what
// it refuses.
func TestDecodeTreeEntriesAsGoGit(t *testing.T) {
	t.Parallel()
	id := func(b byte) string {
		h := make([]byte, 20)
		for i := range h {
			h[i] = b + byte(i)
		}
		return string(h)
	}
	good := "100644 README.md\x00" + id(1) + "100755 build.sh\x00" + id(2) + "40000 cmd\x00" + id(3) +
		"120000 link\x00" + id(4) + "160000 vendored\x00" + id(5) + "100664 old-mode\x00" + id(6) +
		"100644 zero\x00" + id(0)
	for name, content := range map[string]string{
		"entries": good,
		"empty":   "",
	} {
		want, err := goGitTree(content)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeTreeEntries(content)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, go-git reads %v", name, got, want)
		}
	}
	for name, content := range map[string]string{
		"no mode end":  "100644",
		"bad mode":     "10x644 a\x00" + id(1),
		"no name end":  "100644 a",
		"empty name":   "100644 \x00" + id(1),
		"short object": "100644 a\x00" + id(1)[:19],
	} {
		if _, err := goGitTree(content); err == nil {
			t.Fatalf("%s: go-git reads it", name)
		}
		if _, err := decodeTreeEntries(content); !errors.Is(err, object.ErrMalformedTree) {
			t.Errorf("%s: %v, want a malformed tree", name, err)
		}
	}
}

// TestCompareTreeOrder: entries compare as their keys do (the name, and
// "/" after a directory's), for every pair of a set of names that are
// prefixes of each other and sort around "/" ('-' and '.' before it, '0'
// after).
func TestCompareTreeOrder(t *testing.T) {
	names := []string{"a", "a-b", "a.go", "a0", "ab", "a/", "b", "", "a//", "a/b"}
	key := func(e *object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	var entries []object.TreeEntry
	for _, n := range names {
		for _, m := range []filemode.FileMode{filemode.Regular, filemode.Dir, filemode.Executable} {
			entries = append(entries, object.TreeEntry{Name: n, Mode: m})
		}
	}
	for i := range entries {
		for j := range entries {
			a, b := &entries[i], &entries[j]
			if got, want := compareTreeOrder(a, b), strings.Compare(key(a), key(b)); got != want {
				t.Errorf("compareTreeOrder(%q %v, %q %v) = %d, the keys compare %d", a.Name, a.Mode, b.Name, b.Mode, got, want)
			}
		}
	}
}
