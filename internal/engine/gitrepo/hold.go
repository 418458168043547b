package gitrepo

import (
	"path/filepath"
	"sync"

	git "github.com/go-git/go-git/v5"
)

// held are the clones a command holds open for its whole run, by absolute
// path: every Open and OpenClone of one in between shares a single
// storage, so its pack indexes (most of the cost of opening a large
// clone) are read once, and Close leaves it open until the hold ends.
var held = struct {
	sync.Mutex
	clones map[string]*heldClone
}{clones: map[string]*heldClone{}}

type heldClone struct {
	repo  *git.Repository // opened on first use
	holds int
}

// Hold keeps the clone at path open until release is called. A command
// that opens its clone more than once (reading the policy in force, then
// doing its work) holds it for its run. Holds nest. Nothing is opened
// until a use case opens the clone, and errors are theirs to report.
func Hold(path string) (release func()) {
	key := heldKey(path)
	held.Lock()
	h := held.clones[key]
	if h == nil {
		h = &heldClone{}
		held.clones[key] = h
	}
	h.holds++
	held.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			held.Lock()
			defer held.Unlock()
			if h.holds--; h.holds > 0 {
				return
			}
			delete(held.clones, key)
			if h.repo != nil {
				_ = closeRepository(h.repo)
			}
		})
	}
}

// openShared opens the clone at path, sharing it while it is held.
func openShared(path string) (*git.Repository, error) {
	held.Lock()
	defer held.Unlock()
	h := held.clones[heldKey(path)]
	if h == nil {
		return openRepository(path)
	}
	if h.repo == nil {
		repo, err := openRepository(path)
		if err != nil {
			return nil, err
		}
		h.repo = repo
	}
	return h.repo, nil
}

// closeShared closes repo unless a hold keeps it open.
func closeShared(repo *git.Repository) error {
	held.Lock()
	defer held.Unlock()
	for _, h := range held.clones {
		if h.repo == repo {
			return nil
		}
	}
	return closeRepository(repo)
}

func heldKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
