package ghapi

import "context"

// DefaultBranch is the repository's default branch: the main line, unless
// --main names another.
func (e *Engine) DefaultBranch(ctx context.Context) (string, error) {
	repo, _, err := e.c.gh.Repositories.Get(ctx, e.c.Owner, e.c.Repo)
	if err != nil {
		return "", explain("read the repository", err)
	}
	return repo.GetDefaultBranch(), nil
}
