package gitrepo

import (
	"context"
	"errors"
	"fmt"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
)

// FetchBranch fetches the remote's branch into its remote-tracking ref
// (refs/remotes/<remote>/<branch>) and returns the tip.
func (r *Repo) FetchBranch(ctx context.Context, branch string) (string, error) {
	local := "refs/remotes/" + r.remote + "/" + branch
	if err := r.fetch(ctx, "+refs/heads/"+branch+":"+local); err != nil {
		return "", err
	}
	tip := r.LocalRef(local)
	if tip == "" {
		return "", fmt.Errorf("fetch %s: the remote-tracking ref %s is missing after the fetch", branch, local)
	}
	return tip, nil
}

// fetch fetches one refspec from the remote, without tags.
func (r *Repo) fetch(ctx context.Context, spec string) error {
	return r.FetchRefs(ctx, []string{spec})
}

// FetchRefs fetches refspecs from the remote in one fetch, without tags
// beyond those the refspecs name. A refspec without "+" never moves a ref
// the clone has.
func (r *Repo) FetchRefs(ctx context.Context, specs []string) error {
	if len(specs) == 0 {
		return nil
	}
	refspecs := make([]config.RefSpec, len(specs))
	for i, s := range specs {
		refspecs[i] = config.RefSpec(s)
	}
	err := r.repo.FetchContext(ctx, &git.FetchOptions{RemoteName: r.remote, RemoteURL: r.url,
		RefSpecs: refspecs, Auth: r.auth, Tags: git.NoTags})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		what := "fetch " + specs[0]
		if len(specs) > 1 {
			what = fmt.Sprintf("fetch %d refs", len(specs))
		}
		return r.explain(what, err)
	}
	return nil
}

// FetchTags fetches the remote's tags that the clone lacks. A local tag
// that differs from the remote's is left as it is (fetching never forces);
// the remote's version is then not seen.
func (r *Repo) FetchTags(ctx context.Context) error {
	err := r.repo.FetchContext(ctx, &git.FetchOptions{RemoteName: r.remote, RemoteURL: r.url, Auth: r.auth,
		RefSpecs: []config.RefSpec{"refs/tags/*:refs/tags/*"}, Tags: git.NoTags})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return r.explain("fetch tags", err)
	}
	return nil
}

// Deepen fetches the whole history of the remote's branches, and its tags,
// into a shallow clone (git fetch --unshallow --tags), and repairs the
// shallow list so that git itself sees the full history too. The gate
// fetches only what it reads (FetchForGate).
func (r *Repo) Deepen(ctx context.Context) error {
	every := func(string) bool { return true }
	_, err := r.FetchForGate(ctx, GateRefs{IsLane: every, IsRelease: every})
	return err
}
