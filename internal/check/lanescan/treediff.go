package lanescan

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"iter"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/check/patchid"
)

// change is one path a commit changed, before contents are read.
type change struct {
	path             string
	oldMode, newMode filemode.FileMode
	oldHash, newHash plumbing.Hash
}

// pathFilter limits a tree walk to some paths: a directory is entered only
// when it leads to one of them.
type pathFilter struct {
	files map[string]bool
	dirs  map[string]bool
}

func newPathFilter(paths map[string]bool) *pathFilter {
	f := &pathFilter{files: paths, dirs: map[string]bool{}}
	for p := range paths {
		for i := strings.IndexByte(p, '/'); i >= 0; i = nextSlash(p, i) {
			f.dirs[p[:i]] = true
		}
	}
	return f
}

func nextSlash(p string, i int) int {
	j := strings.IndexByte(p[i+1:], '/')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// errOutside stops a strict diff at the first path outside its filter.
var errOutside = errors.New("a change outside the filter")

// diffTrees lists the paths that differ between trees a and b (either may
// be nil), skipping subtrees whose hashes are equal, and, with a filter,
// subtrees that lead to none of its paths. Paths come sorted.
func (h *History) diffTrees(a, b *object.Tree, filter *pathFilter) ([]change, error) {
	var out []change
	if err := h.walkTrees("", a, b, filter, false, &out); err != nil {
		return nil, err
	}
	sortChanges(out)
	return out, nil
}

// diffWithin is diffTrees for a change that matters only if it lies wholly
// inside filter: it stops (ok false) at the first path outside, so a large
// commit elsewhere costs one level of its trees, not its whole diff.
func (h *History) diffWithin(a, b *object.Tree, filter *pathFilter) (changes []change, ok bool, err error) {
	var out []change
	switch err := h.walkTrees("", a, b, filter, true, &out); {
	case errors.Is(err, errOutside):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	sortChanges(out)
	return out, true, nil
}

func sortChanges(ch []change) {
	sort.Slice(ch, func(i, j int) bool { return ch[i].path < ch[j].path })
}

// walkTrees merges the two trees' entries in git's tree order (a directory
// sorts as its name and a slash), so that no map is built per directory.
func (h *History) walkTrees(prefix string, a, b *object.Tree, filter *pathFilter, strict bool, out *[]change) error {
	var ea, eb []object.TreeEntry
	if a != nil {
		ea = a.Entries
	}
	if b != nil {
		eb = b.Entries
	}
	if strict && filter != nil && h.leavesFilter(prefix, ea, eb, filter) {
		return errOutside // found before any subtree of this level is read
	}
	for x, y := range differing(ea, eb) {
		path := h.join(prefix, cmp.Or(x, y).Name)
		if isDir(x) || isDir(y) {
			if filter != nil && !filter.dirs[path] {
				if strict {
					return errOutside
				}
				continue
			}
			ta, err := h.subtree(x)
			if err != nil {
				return err
			}
			tb, err := h.subtree(y)
			if err != nil {
				return err
			}
			if err := h.walkTrees(h.join(path, "/"), ta, tb, filter, strict, out); err != nil {
				return err
			}
			continue
		}
		if filter != nil && !filter.files[path] {
			if strict {
				return errOutside
			}
			continue
		}
		*out = append(*out, changeOf(path, x, y))
	}
	return nil
}

// join is prefix+name, interned: the changes of thousands of commits name
// the same few thousand paths, and each is then held once (on the long
// generated shape, 30 MB of copies of the same paths were in use at the
// peak). The lookup does not allocate; only a path seen for the first
// time is copied.
func (h *History) join(prefix, name string) string {
	b := append(append(h.pathBuf[:0], prefix...), name...)
	h.pathBuf = b
	if p, ok := h.paths[string(b)]; ok {
		return p
	}
	p := string(b)
	h.paths[p] = p
	return p
}

// leavesFilter says whether a path that differs between the entries ea
// and eb of directory prefix is outside filter, as far as this level
// tells: a file it does not hold, or a directory that leads to none of
// its paths. A strict diff then stops without reading the subtrees of
// the directories before it.
func (h *History) leavesFilter(prefix string, ea, eb []object.TreeEntry, filter *pathFilter) bool {
	for x, y := range differing(ea, eb) {
		b := append(append(h.scratch[:0], prefix...), cmp.Or(x, y).Name...)
		h.scratch = b
		if isDir(x) || isDir(y) {
			if !filter.dirs[string(b)] {
				return true
			}
		} else if !filter.files[string(b)] {
			return true
		}
	}
	return false
}

// differing yields the entries that differ between two trees' entries ea
// and eb, in git's tree order: an entry of one alone (the other nil), or
// a pair of same-named entries of other content or mode.
func differing(ea, eb []object.TreeEntry) iter.Seq2[*object.TreeEntry, *object.TreeEntry] {
	return func(yield func(x, y *object.TreeEntry) bool) {
		i, j := 0, 0
		for i < len(ea) || j < len(eb) {
			x, y := next(ea, eb, i, j)
			if x != nil {
				i++
			}
			if y != nil {
				j++
			}
			if x != nil && y != nil && x.Hash == y.Hash && x.Mode == y.Mode {
				continue
			}
			if !yield(x, y) {
				return
			}
		}
	}
}

// next is the entry (or the pair of same-named entries) that comes next
// in git's tree order, from ea at i and eb at j.
func next(ea, eb []object.TreeEntry, i, j int) (x, y *object.TreeEntry) {
	switch {
	case j >= len(eb):
		return &ea[i], nil
	case i >= len(ea):
		return nil, &eb[j]
	}
	switch c := compareTreeOrder(&ea[i], &eb[j]); {
	case c < 0:
		return &ea[i], nil
	case c > 0:
		return nil, &eb[j]
	}
	return &ea[i], &eb[j]
}

// subtree is the tree a directory entry names; nil for none.
func (h *History) subtree(e *object.TreeEntry) (*object.Tree, error) {
	if !isDir(e) {
		return nil, nil
	}
	return h.tree(e.Hash)
}

// changeOf is a file's change from entry x to entry y (either may be nil).
func changeOf(path string, x, y *object.TreeEntry) change {
	c := change{path: path}
	if x != nil {
		c.oldMode, c.oldHash = x.Mode, x.Hash
	}
	if y != nil {
		c.newMode, c.newHash = y.Mode, y.Hash
	}
	return c
}

func isDir(e *object.TreeEntry) bool { return e != nil && e.Mode == filemode.Dir }

// compareTreeOrder compares two entries as git orders a tree's entries:
// by name, a directory's name as if it ended in "/" (strings.Compare of
// those keys, without making them).
func compareTreeOrder(a, b *object.TreeEntry) int {
	an, bn := a.Name, b.Name
	n := min(len(an), len(bn))
	if c := strings.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	la, lb := len(an), len(bn)
	if a.Mode == filemode.Dir {
		la++
	}
	if b.Mode == filemode.Dir {
		lb++
	}
	for i := n; i < la && i < lb; i++ {
		if x, y := keyByte(an, i), keyByte(bn, i); x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(la, lb)
}

// keyByte is byte i of a name's key: of the name, or past it a
// directory's "/".
func keyByte(name string, i int) byte {
	if i < len(name) {
		return name[i]
	}
	return '/'
}

// tree reads a tree, from a small cache of decoded trees first: the gate
// diffs each main-line commit against its parent, so every tree on the
// way to the hotfix paths is read twice in a row.
func (h *History) tree(hash plumbing.Hash) (*object.Tree, error) {
	if t, ok := h.trees[hash]; ok {
		return t, nil
	}
	t, err := h.readTree(hash)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", hash, err)
	}
	if len(h.trees) >= treeCacheSize {
		clear(h.trees)
	}
	h.trees[hash] = t
	return t, nil
}

// treeCacheSize bounds the decoded trees kept; past it the cache starts
// over, which costs little since it serves neighbouring commits.
const treeCacheSize = 1024

// patchID reads the contents of changes and computes their patch-id over
// the whole diff.
func (h *History) patchID(changes []change) (string, error) {
	files := make([]patchid.File, 0, len(changes))
	for _, c := range changes {
		f, err := h.file(c)
		if err != nil {
			return "", err
		}
		files = append(files, f)
	}
	return patchid.ID(files), nil
}

// file reads both sides of one changed path.
func (h *History) file(c change) (patchid.File, error) { return h.readFile(c, nil) }

// fileOnce is file for a change whose versions are compared at once and
// not kept: they are read into the History's two buffers and are valid
// only until its next call. A blob made for it is not kept in the packs'
// cache either (relating and patch-ids read each file's versions about
// once; the bases they are made from are kept).
func (h *History) fileOnce(c change) (patchid.File, error) { return h.readFile(c, &h.sides) }

func (h *History) readFile(c change, into *[2][]byte) (patchid.File, error) {
	h.diffed()
	return fileThrough(h.blob, c, into)
}

// blobReader reads a blob's content, into *buf's memory when buf is not
// nil (as History.blob).
type blobReader func(mode filemode.FileMode, hash plumbing.Hash, buf *[]byte) ([]byte, error)

// fileThrough reads both sides of one changed path through blob, into
// *into's two buffers when into is not nil.
func fileThrough(blob blobReader, c change, into *[2][]byte) (patchid.File, error) {
	f := patchid.File{Path: c.path, OldMode: uint32(c.oldMode), NewMode: uint32(c.newMode)}
	var err error
	var old, new *[]byte
	if into != nil {
		old, new = &into[0], &into[1]
	}
	if c.oldMode != 0 {
		f.OldOID = c.oldHash.String()
		if f.Old, err = blob(c.oldMode, c.oldHash, old); err != nil {
			return f, err
		}
	}
	if c.newMode != 0 {
		f.NewOID = c.newHash.String()
		if f.New, err = blob(c.newMode, c.newHash, new); err != nil {
			return f, err
		}
	}
	return f, nil
}

// objectInto is a storage that reads an object into the caller's memory
// and does not keep it (gitrepo's); owned says the content is there, for
// the caller to reuse.
// (An alias, so that a storage's method may return one without naming
// this package.)
type objectInto = interface {
	ObjectInto(want plumbing.ObjectType, hash plumbing.Hash, dst []byte) (data []byte, owned bool, err error)
}

// readInto reads an object of type want into *buf's memory, which then
// keeps it for the next read: the content is valid until then. ok is
// false when the storage cannot.
func (h *History) readInto(want plumbing.ObjectType, hash plumbing.Hash, buf *[]byte) (data []byte, ok bool, err error) {
	r, ok := h.repo.Storer.(objectInto)
	if !ok {
		return nil, false, nil
	}
	data, err = intoBuffer(r, want, hash, buf)
	return data, true, err
}

// intoBuffer reads an object of type want through r into *buf's memory,
// which then keeps it for the next read.
func intoBuffer(r objectInto, want plumbing.ObjectType, hash plumbing.Hash, buf *[]byte) ([]byte, error) {
	data, owned, err := r.ObjectInto(want, hash, (*buf)[:0])
	if owned {
		*buf = data[:0]
	}
	return data, err
}

// object reads an object of type want: into *buf's memory (readInto)
// where the storage can, else as go-git's storage gives it. Either way
// the content is valid until *buf is used again, and only to be read.
func (h *History) object(want plumbing.ObjectType, hash plumbing.Hash, buf *[]byte) ([]byte, error) {
	if data, ok, err := h.readInto(want, hash, buf); ok {
		return data, err
	}
	obj, err := h.repo.Storer.EncodedObject(want, hash)
	if err != nil {
		return nil, err
	}
	return objectBytes(obj)
}

// objectBytes is an object's content: as it was made when read from a
// pack (not copied: callers only read it), else read into a buffer of its
// size (no growing copies of large files).
func objectBytes(obj plumbing.EncodedObject) ([]byte, error) {
	if b, ok := obj.(interface{ Bytes() []byte }); ok {
		return b.Bytes(), nil
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}

// blob is content, read into *buf's memory (object) when buf is not nil.
func (h *History) blob(mode filemode.FileMode, hash plumbing.Hash, buf *[]byte) ([]byte, error) {
	if buf == nil || mode == filemode.Submodule {
		return h.content(mode, hash)
	}
	data, err := h.object(plumbing.BlobObject, hash, buf)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	return data, nil
}

func (h *History) content(mode filemode.FileMode, hash plumbing.Hash) ([]byte, error) {
	if mode == filemode.Submodule {
		return submoduleContent(hash), nil
	}
	obj, err := h.repo.Storer.EncodedObject(plumbing.BlobObject, hash)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	data, err := objectBytes(obj)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	return data, nil
}

// submoduleContent is what a diff shows for a submodule's commit.
func submoduleContent(hash plumbing.Hash) []byte {
	return []byte("Subproject commit " + hash.String() + "\n")
}
