package gitrepo

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

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
