package gitrepo

import (
	"github.com/go-git/go-git/v5/plumbing"
)

// LocalRef returns what a local ref points at, or "" when it is absent.
func (r *Repo) LocalRef(name string) string {
	ref, err := r.repo.Reference(plumbing.ReferenceName(name), false)
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

// SetLocalRefIfAbsent creates a local ref; an existing one is left alone.
func (r *Repo) SetLocalRefIfAbsent(name, hash string) error {
	if r.LocalRef(name) != "" {
		return nil
	}
	return r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), hashOf(hash)))
}

// PeelLocal returns the commit a local object (commit or tag) ends at.
func (r *Repo) PeelLocal(hash string) (string, error) {
	h := hashOf(hash)
	if t, err := r.repo.TagObject(h); err == nil {
		c, err := t.Commit()
		if err != nil {
			return "", err
		}
		return c.Hash.String(), nil
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return "", err
	}
	return c.Hash.String(), nil
}

// IsAncestor reports whether commit ancestor is reachable from descendant.
func (r *Repo) IsAncestor(ancestor, descendant string) (bool, error) {
	if ancestor == descendant {
		return true, nil
	}
	a, err := r.repo.CommitObject(hashOf(ancestor))
	if err != nil {
		return false, err
	}
	d, err := r.repo.CommitObject(hashOf(descendant))
	if err != nil {
		return false, err
	}
	return a.IsAncestor(d)
}
