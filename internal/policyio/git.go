package policyio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
)

// readRemote reads the file at the remote's main line, fetched into the
// clone's remote-tracking ref when the clone lacks it or has it stale.
func readRemote(ctx context.Context, o Options, repo *gitrepo.Repo) (InForce, error) {
	state, err := repo.ReadRemote(ctx)
	if err != nil {
		return InForce{}, fault.Unavailablef("read the remote %s for its main line, whose %s is the policy in force: %w (nothing was changed%s)",
			o.Remote, policy.Name, err, o.offlineAdvice("; to use the clone's copy of the main line, pass --offline"))
	}
	main := o.Main
	if main == "" {
		main = state.HeadBranch
	}
	if main == "" {
		main = o.Fallback
	}
	ref, ok := state.Ref("refs/heads/" + main)
	if !ok {
		if o.MainGiven {
			return InForce{}, fault.Invalidf("the main line %q is not a branch of the remote %s (nothing was changed): pass --main with the branch "+
				"reviews protect, whose %s is the policy in force", main, o.Remote, policy.Name)
		}
		return InForce{Branch: main, Remote: &state, Notes: []string{fmt.Sprintf("the remote %s has no branch %s: no policy file is in force", o.Remote, main)}}, nil
	}
	tracking := "refs/remotes/" + o.Remote + "/" + main
	if repo.LocalRef(tracking) != ref.Hash {
		if err := repo.FetchRefs(ctx, []string{"+refs/heads/" + main + ":" + tracking}); err != nil {
			return InForce{}, fault.Unavailablef("fetch the main line %s, whose %s is the policy in force: %w (nothing was changed)", main, policy.Name, err)
		}
	}
	p := InForce{Commit: ref.Hash, Branch: main, Source: o.Remote + "/" + main, Remote: &state}
	return p, readCommit(repo.Repository(), &p)
}

// readOffline reads the file at the clone's remote-tracking main line,
// else at its own branch of that name, and says so.
func readOffline(o Options) (InForce, error) {
	repo, err := gitrepo.OpenClone(o.Repo)
	if err != nil {
		return InForce{}, fault.Invalidf("%w (nothing was changed)", err)
	}
	defer func() { _ = gitrepo.CloseClone(repo) }()
	main := o.Main
	if head, err := repo.Reference(plumbing.ReferenceName("refs/remotes/"+o.Remote+"/HEAD"), false); main == "" && err == nil && head.Type() == plumbing.SymbolicReference {
		main = strings.TrimPrefix(head.Target().String(), "refs/remotes/"+o.Remote+"/")
	}
	if main == "" {
		main = o.Fallback
	}
	for _, name := range []string{"refs/remotes/" + o.Remote + "/" + main, "refs/heads/" + main} {
		ref, err := repo.Reference(plumbing.ReferenceName(name), true)
		if err != nil {
			continue
		}
		p := InForce{Commit: ref.Hash().String(), Branch: main, Source: plumbing.ReferenceName(name).Short()}
		p.Notes = append(p.Notes, fmt.Sprintf("the policy in force is %s as the clone has it (--offline: not refreshed from the remote)", p.Source))
		return p, readCommit(repo, &p)
	}
	if o.MainGiven {
		return InForce{}, fault.Invalidf("the main line %q is not in the clone (nothing was changed): fetch it, or pass --main with the branch whose %s is in force", main, policy.Name)
	}
	return InForce{Branch: main, Notes: []string{fmt.Sprintf("the clone has no main line %s (--offline): no policy file is in force", main)}}, nil
}

// readCommit reads the file at p.Commit, refusing one over the size limit
// before reading it, and warns of files at the root that look meant to be
// the policy file but are not read.
func readCommit(repo *git.Repository, p *InForce) error {
	commit, err := repo.CommitObject(plumbing.NewHash(p.Commit))
	if err != nil {
		return fault.Failedf("read the main line %s (%s): %w (nothing was changed)", p.Source, naming.Short(p.Commit), err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return fault.Failedf("read the main line %s (%s): %w (nothing was changed)", p.Source, naming.Short(p.Commit), err)
	}
	names := make([]string, 0, len(tree.Entries))
	for _, e := range tree.Entries {
		names = append(names, e.Name)
	}
	for _, w := range policy.NearMisses(names) {
		p.Notes = append(p.Notes, fmt.Sprintf("%s (on %s)", w, p.Source))
	}
	data, found, err := ReadAt(commit)
	var refused *RefusedError
	if errors.As(err, &refused) {
		p.Found = true
		return fault.Invalidf("the policy in force, %s: %w (nothing was changed)", p.Describe(), err)
	}
	if err != nil {
		return fault.Failedf("read %s at %s (%s): %w (nothing was changed)", policy.Name, naming.Short(p.Commit), p.Source, err)
	}
	p.Found, p.Data = found, data
	return nil
}

// RefusedError says the file cannot be meant as it is (over
// policy.MaxSize, or not a regular file: a directory, a symlink, a
// submodule); it was not read.
type RefusedError struct{ msg string }

func (e *RefusedError) Error() string { return e.msg }

// ReadAt reads the policy file at commit; found is false when the commit
// has no such entry. A file over policy.MaxSize is refused before it is
// read, as is an entry that is not a regular file (*RefusedError).
func ReadAt(commit *object.Commit) (data []byte, found bool, err error) {
	tree, err := commit.Tree()
	if err != nil {
		return nil, false, err
	}
	entry, err := tree.FindEntry(policy.Name)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !entry.Mode.IsFile() || entry.Mode == filemode.Symlink {
		return nil, true, &RefusedError{fmt.Sprintf("%s is not a regular file (mode %s: a directory, a symlink or a submodule)", policy.Name, entry.Mode)}
	}
	file, err := tree.TreeEntryFile(entry)
	if err != nil {
		return nil, false, err
	}
	if file.Size > policy.MaxSize {
		return nil, true, &RefusedError{fmt.Sprintf("%s is %d bytes, over the size limit of %d bytes (%d KiB): hotlane does not read it; keep the file small",
			policy.Name, file.Size, policy.MaxSize, policy.MaxSize>>10)}
	}
	r, err := file.Blob.Reader()
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = r.Close() }()
	data, err = io.ReadAll(io.LimitReader(r, policy.MaxSize+1))
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}
