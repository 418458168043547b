package gitops

import (
	"context"
	"errors"
	"os"

	"github.com/go-git/go-billy/v5"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
)

// Repository is the go-git repository, for readers of history.
func (r *Repo) Repository() *git.Repository { return r.repo }

// Deepen fetches the whole history of the remote's branches, and its tags,
// into a shallow clone (git fetch --unshallow --tags), then drops from the
// shallow list every commit whose parents are now present, so that git
// itself sees the full history too.
func (r *Repo) Deepen(ctx context.Context) error {
	err := r.repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: r.remote, RemoteURL: r.url, Auth: r.auth, Depth: 1<<31 - 1, Tags: git.AllTags,
		RefSpecs: []config.RefSpec{config.RefSpec("+refs/heads/*:refs/remotes/" + r.remote + "/*")},
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return r.explain("fetch the full history", err)
	}
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return err
	}
	var keep []plumbing.Hash
	for _, h := range shallow {
		c, err := r.repo.CommitObject(h)
		if err != nil {
			keep = append(keep, h)
			continue
		}
		complete := true
		for _, p := range c.ParentHashes {
			if _, err := r.repo.CommitObject(p); err != nil {
				complete = false
				break
			}
		}
		if !complete {
			keep = append(keep, h)
		}
	}
	if len(keep) == 0 {
		// git reads an empty shallow file as "still shallow": remove it
		if fs, ok := r.repo.Storer.(interface{ Filesystem() billy.Filesystem }); ok {
			if err := fs.Filesystem().Remove("shallow"); err == nil || os.IsNotExist(err) {
				return nil
			}
		}
	}
	return r.repo.Storer.SetShallow(keep)
}
