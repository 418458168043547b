package history

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/patchid"
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

// diffTrees lists the paths that differ between trees a and b (either may
// be nil), skipping subtrees whose hashes are equal, and, with a filter,
// subtrees that lead to none of its paths. Paths come sorted as git sorts
// them in a diff.
func (h *History) diffTrees(a, b *object.Tree, filter *pathFilter) ([]change, error) {
	var out []change
	if err := h.walkTrees("", a, b, filter, &out); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

func (h *History) walkTrees(prefix string, a, b *object.Tree, filter *pathFilter, out *[]change) error {
	entries := map[string][2]*object.TreeEntry{}
	if a != nil {
		for i := range a.Entries {
			e := &a.Entries[i]
			pair := entries[e.Name]
			pair[0] = e
			entries[e.Name] = pair
		}
	}
	if b != nil {
		for i := range b.Entries {
			e := &b.Entries[i]
			pair := entries[e.Name]
			pair[1] = e
			entries[e.Name] = pair
		}
	}
	for name, pair := range entries {
		path := prefix + name
		ea, eb := pair[0], pair[1]
		if ea != nil && eb != nil && ea.Hash == eb.Hash && ea.Mode == eb.Mode {
			continue
		}
		aDir, bDir := ea != nil && ea.Mode == filemode.Dir, eb != nil && eb.Mode == filemode.Dir
		if aDir || bDir {
			if filter != nil && !filter.dirs[path] {
				// the directory leads to no filtered path; a file that
				// replaced it (or it replaced) may still be one
				if !aDir && ea != nil && filter.files[path] {
					*out = append(*out, change{path: path, oldMode: ea.Mode, oldHash: ea.Hash})
				}
				if !bDir && eb != nil && filter.files[path] {
					*out = append(*out, change{path: path, newMode: eb.Mode, newHash: eb.Hash})
				}
				continue
			}
			var ta, tb *object.Tree
			var err error
			if aDir {
				if ta, err = h.tree(ea.Hash); err != nil {
					return err
				}
			} else if ea != nil {
				*out = append(*out, change{path: path, oldMode: ea.Mode, oldHash: ea.Hash})
			}
			if bDir {
				if tb, err = h.tree(eb.Hash); err != nil {
					return err
				}
			} else if eb != nil {
				*out = append(*out, change{path: path, newMode: eb.Mode, newHash: eb.Hash})
			}
			if err := h.walkTrees(path+"/", ta, tb, filter, out); err != nil {
				return err
			}
			continue
		}
		if filter != nil && !filter.files[path] {
			continue
		}
		c := change{path: path}
		if ea != nil {
			c.oldMode, c.oldHash = ea.Mode, ea.Hash
		}
		if eb != nil {
			c.newMode, c.newHash = eb.Mode, eb.Hash
		}
		*out = append(*out, c)
	}
	return nil
}

func (h *History) tree(hash plumbing.Hash) (*object.Tree, error) {
	t, err := object.GetTree(h.repo.Storer, hash)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", hash, err)
	}
	return t, nil
}

// patchID reads the contents of changes and computes their patch-id.
func (h *History) patchID(changes []change) (string, error) {
	files := make([]patchid.File, 0, len(changes))
	for _, c := range changes {
		f := patchid.File{Path: c.path, OldMode: uint32(c.oldMode), NewMode: uint32(c.newMode)}
		var err error
		if c.oldMode != 0 {
			f.OldOID = c.oldHash.String()
			if f.Old, err = h.content(c.oldMode, c.oldHash); err != nil {
				return "", err
			}
		}
		if c.newMode != 0 {
			f.NewOID = c.newHash.String()
			if f.New, err = h.content(c.newMode, c.newHash); err != nil {
				return "", err
			}
		}
		files = append(files, f)
	}
	return patchid.ID(files), nil
}

func (h *History) content(mode filemode.FileMode, hash plumbing.Hash) ([]byte, error) {
	if mode == filemode.Submodule {
		return []byte("Subproject commit " + hash.String() + "\n"), nil
	}
	blob, err := object.GetBlob(h.repo.Storer, hash)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", hash, err)
	}
	r, err := blob.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
