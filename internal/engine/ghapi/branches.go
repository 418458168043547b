package ghapi

import (
	"context"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// States of a branch that SyncBranch keeps.
const (
	BranchCreated  = "created"
	BranchUpdated  = "updated" // moved forward to the lane's tip
	BranchUpToDate = "up to date"
	BranchKept     = "kept" // has commits of its own and lacks some of the lane's: left alone
)

// BranchTip returns branch's tip; ok is false when there is no such branch.
func (c *Client) BranchTip(ctx context.Context, branch string) (sha string, ok bool, err error) {
	ref, _, err := c.gh.Git.GetRef(ctx, c.Owner, c.Repo, "heads/"+branch)
	if isStatus(err, http.StatusNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, explain("read branch "+branch, err)
	}
	return ref.GetObject().GetSHA(), true, nil
}

// SyncBranch makes branch hold sha: it creates the branch, or moves it
// forward (never forced: GitHub refuses what is not a fast-forward); a
// branch that already has sha is up to date, and one with commits of its
// own that lacks sha is left as it is (BranchKept).
func (c *Client) SyncBranch(ctx context.Context, branch, sha string) (string, error) {
	tip, ok, err := c.BranchTip(ctx, branch)
	switch {
	case err != nil:
		return "", err
	case !ok:
		ref := "refs/heads/" + branch
		_, _, err := c.gh.Git.CreateRef(ctxIdempotent(ctx), c.Owner, c.Repo, &github.Reference{Ref: &ref, Object: &github.GitObject{SHA: &sha}})
		if isStatus(err, http.StatusUnprocessableEntity) { // created meanwhile by another run
			return c.SyncBranch(ctx, branch, sha)
		}
		if err != nil {
			return "", explain("create branch "+branch, err)
		}
		return BranchCreated, nil
	case tip == sha:
		return BranchUpToDate, nil
	}
	cmp, _, err := c.gh.Repositories.CompareCommits(ctx, c.Owner, c.Repo, tip, sha, nil)
	if err != nil {
		return "", explain("compare "+branch+" with "+sha, err)
	}
	switch cmp.GetStatus() {
	case "behind", "identical":
		return BranchUpToDate, nil
	case "ahead":
		ref := "refs/heads/" + branch
		if _, _, err := c.gh.Git.UpdateRef(ctx, c.Owner, c.Repo, &github.Reference{Ref: &ref, Object: &github.GitObject{SHA: &sha}}, false); err != nil {
			return "", explain("move branch "+branch+" forward", err)
		}
		return BranchUpdated, nil
	}
	return BranchKept, nil
}
