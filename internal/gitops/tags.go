package gitops

import (
	"context"
	"errors"
	"fmt"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/gitref"
)

// Tag is a tag with what the ledger needs of it.
type Tag = gitref.Tag

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

// Tags lists the clone's tags, peeled, with their messages.
func (r *Repo) Tags() ([]Tag, error) {
	refs, err := r.repo.Tags()
	if err != nil {
		return nil, err
	}
	var out []Tag
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		t := Tag{Name: strings.TrimPrefix(ref.Name().String(), "refs/tags/")}
		if obj, err := r.repo.TagObject(ref.Hash()); err == nil {
			t.Annotated, t.Message, t.Tagged = true, obj.Message, obj.Tagger.When
			if c, err := obj.Commit(); err == nil {
				t.Commit = c.Hash.String()
			}
		} else {
			t.Commit = ref.Hash().String()
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// ReadFile reads path at commit from the clone; ok is false when the
// commit has no such file.
func (r *Repo) ReadFile(_ context.Context, commit, path string) ([]byte, bool, error) {
	c, err := r.repo.CommitObject(plumbing.NewHash(commit))
	if err != nil {
		return nil, false, fmt.Errorf("read commit %s: %w", commit, err)
	}
	f, err := c.File(path)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	text, err := f.Contents()
	if err != nil {
		return nil, false, err
	}
	return []byte(text), true, nil
}
