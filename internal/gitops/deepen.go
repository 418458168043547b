package gitops

import (
	"context"

	git "github.com/go-git/go-git/v5"
)

// Repository is the go-git repository, for readers of history.
func (r *Repo) Repository() *git.Repository { return r.repo }

// Deepen fetches the whole history of the remote's branches, and its tags,
// into a shallow clone (git fetch --unshallow --tags), and repairs the
// shallow list so that git itself sees the full history too. The gate
// fetches only what it reads (FetchForGate).
func (r *Repo) Deepen(ctx context.Context) error {
	every := func(string) bool { return true }
	_, err := r.FetchForGate(ctx, GateRefs{IsLane: every, IsRelease: every})
	return err
}
