package lanescan

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// readTree reads and decodes a tree for walkTrees: the object's content
// is copied once into a string, and the entries' names are slices of it
// (go-git's Tree.Decode allocates every name and reads through a bufio
// reader: the largest share of the gate's allocations on the long shape).
// The tree has no storer: it answers Entries, not FindEntry or Files.
func (h *History) readTree(hash plumbing.Hash) (*object.Tree, error) {
	// read into a reused buffer and not kept as an object: the entries
	// decoded are kept (tree), their names copied out of it
	data, err := h.object(plumbing.TreeObject, hash, &h.treeBuf)
	if err != nil {
		return nil, err
	}
	entries, err := decodeTreeEntries(string(data))
	if err != nil {
		return nil, err
	}
	return &object.Tree{Hash: hash, Entries: entries}, nil
}

// decodeTreeEntries parses a tree object's content ("mode name\0" and 20
// bytes of object name, for each entry), with the modes canonical as
// go-git's Tree.Decode makes them.
func decodeTreeEntries(s string) ([]object.TreeEntry, error) {
	entries := make([]object.TreeEntry, 0, strings.Count(s, "\x00"))
	for len(s) > 0 {
		sp := strings.IndexByte(s, ' ')
		if sp < 0 {
			return nil, fmt.Errorf("%w: missing mode terminator", object.ErrMalformedTree)
		}
		mode, err := treeMode(s[:sp])
		if err != nil {
			return nil, fmt.Errorf("%w: malformed mode", object.ErrMalformedTree)
		}
		s = s[sp+1:]
		nul := strings.IndexByte(s, 0)
		switch {
		case nul < 0:
			return nil, fmt.Errorf("%w: missing filename terminator", object.ErrMalformedTree)
		case nul == 0:
			return nil, fmt.Errorf("%w: empty filename", object.ErrMalformedTree)
		case len(s) < nul+1+20:
			return nil, fmt.Errorf("%w: truncated object id", object.ErrMalformedTree)
		}
		e := object.TreeEntry{Name: s[:nul], Mode: canonicalTreeMode(mode)}
		copy(e.Hash[:], s[nul+1:nul+21])
		entries = append(entries, e)
		s = s[nul+21:]
	}
	return entries, nil
}

// treeMode parses an entry's octal mode: the modes git writes are
// matched as they are (parsing each number was 1% of the gate's time),
// any other parsed as go-git does.
func treeMode(s string) (filemode.FileMode, error) {
	switch s {
	case "100644":
		return filemode.Regular, nil
	case "40000":
		return filemode.Dir, nil
	case "100755":
		return filemode.Executable, nil
	case "120000":
		return filemode.Symlink, nil
	case "160000":
		return filemode.Submodule, nil
	}
	return filemode.New(s)
}

// canonicalTreeMode is the mode git means by a tree entry's mode (go-git's
// rule: 040000 a directory, 100xxx a file, executable when any x bit is
// set, 120000 a symlink, anything else a submodule).
func canonicalTreeMode(mode filemode.FileMode) filemode.FileMode {
	switch mode & 0o170000 {
	case 0o040000:
		return filemode.Dir
	case 0o100000:
		if mode&0o111 != 0 {
			return filemode.Executable
		}
		return filemode.Regular
	case 0o120000:
		return filemode.Symlink
	default:
		return filemode.Submodule
	}
}
