package gitrepo

import (
	"fmt"
	"os"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
)

// updateShallow writes the clone's shallow list after a fetch into a
// shallow clone: the list before it, without the commits the remote
// unshallowed and with those it made shallow, then without every commit
// whose parents are all present after all (git reads such an entry as
// "no parents" and would hide history the clone has). An empty list is
// removed: git reads an empty shallow file as "still shallow".
func (r *Repo) updateShallow(before []plumbing.Hash, upd packp.ShallowUpdate, res *GateFetch) error {
	set := map[plumbing.Hash]bool{}
	for _, h := range before {
		set[h] = true
	}
	for _, h := range upd.Unshallows {
		delete(set, h)
	}
	for _, h := range upd.Shallows {
		set[h] = true
	}
	var keep []plumbing.Hash
	for h := range set {
		if !r.parentsPresent(h) {
			keep = append(keep, h)
		}
	}
	plumbing.HashesSort(keep)
	if len(keep) > 0 {
		res.Complete = false
		return r.repo.Storer.SetShallow(keep)
	}
	res.Complete = true
	fs, ok := r.repo.Storer.(interface{ Filesystem() billy.Filesystem })
	if !ok {
		return r.repo.Storer.SetShallow(nil)
	}
	if err := fs.Filesystem().Remove("shallow"); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("the clone's history is complete, but its shallow file cannot be removed: %w", err)
	}
	return nil
}

// parentsPresent says whether the clone has commit h and all its parents.
func (r *Repo) parentsPresent(h plumbing.Hash) bool {
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return false
	}
	for _, p := range c.ParentHashes {
		if r.repo.Storer.HasEncodedObject(p) != nil {
			return false
		}
	}
	return true
}

// updateRefs points each fetched ref's local name at what the remote
// has: a remote-tracking branch follows the remote, a tag is only ever
// created. A ref whose object did not arrive is an error, not a ref to
// nothing.
func (r *Repo) updateRefs(refs []wantedRef, res *GateFetch) error {
	for _, w := range refs {
		local := r.LocalRef(w.local)
		if local == w.hash.String() || (w.tag && local != "") {
			continue
		}
		if err := r.repo.Storer.HasEncodedObject(w.hash); err != nil {
			return fmt.Errorf("fetch %s: the remote did not send %s", w.remote, w.hash)
		}
		if err := r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(w.local), w.hash)); err != nil {
			return fmt.Errorf("update %s: %w", w.local, err)
		}
		res.Updated = append(res.Updated, w.local)
	}
	return nil
}
