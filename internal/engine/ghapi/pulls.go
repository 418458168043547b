package ghapi

import (
	"context"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// PullResult says what happened to a backport pull request.
type PullResult struct {
	Number  int
	URL     string
	Created bool // false: an open one was updated
}

// OpenOrUpdatePull opens a pull request from head into base, or updates
// the body of the open one, so a re-run never opens a second.
func (c *Client) OpenOrUpdatePull(ctx context.Context, head, base, title, body string) (PullResult, error) {
	if pr, ok, err := c.findPull(ctx, head, base); err != nil {
		return PullResult{}, err
	} else if ok {
		return c.updatePull(ctx, pr, title, body)
	}
	pr, _, err := c.gh.PullRequests.Create(ctx, c.Owner, c.Repo, &github.NewPullRequest{Title: &title, Head: &head, Base: &base, Body: &body})
	if isStatus(err, http.StatusUnprocessableEntity) { // opened meanwhile by another run
		if found, ok, ferr := c.findPull(ctx, head, base); ferr == nil && ok {
			return c.updatePull(ctx, found, title, body)
		}
	}
	if err != nil {
		return PullResult{}, explain("open a pull request from "+head+" into "+base, err)
	}
	return PullResult{Number: pr.GetNumber(), URL: pr.GetHTMLURL(), Created: true}, nil
}

func (c *Client) findPull(ctx context.Context, head, base string) (*github.PullRequest, bool, error) {
	prs, _, err := c.gh.PullRequests.List(ctx, c.Owner, c.Repo, &github.PullRequestListOptions{State: "open", Head: c.Owner + ":" + head, Base: base})
	if err != nil {
		return nil, false, explain("list pull requests from "+head, err)
	}
	if len(prs) == 0 {
		return nil, false, nil
	}
	return prs[0], true, nil
}

func (c *Client) updatePull(ctx context.Context, pr *github.PullRequest, title, body string) (PullResult, error) {
	updated, _, err := c.gh.PullRequests.Edit(ctx, c.Owner, c.Repo, pr.GetNumber(), &github.PullRequest{Title: &title, Body: &body})
	if err != nil {
		return PullResult{}, explain("update pull request #"+github.Stringify(pr.GetNumber()), err)
	}
	return PullResult{Number: updated.GetNumber(), URL: pr.GetHTMLURL()}, nil
}
