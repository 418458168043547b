package ghapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/hotlane/hotlane/internal/engine/gitref"
)

// Engine records releases through the Git Data API: the same decisions as
// over git (package release), with refs created by POST /git/refs. GitHub
// refuses to create a ref that exists (422 "Reference already exists"),
// which keeps creation create-only under races. GitHub has no atomic
// multi-ref call: the tag is created first, then the lane; a re-run
// completes what a failure left missing.
type Engine struct {
	c     *Client
	types map[string]string // ref name → "tag" or "commit", from the last read
}

// NewEngine returns the release engine for c.
func NewEngine(c *Client) *Engine { return &Engine{c: c, types: map[string]string{}} }

// RemoteName names the remote in reports.
func (e *Engine) RemoteName() string { return "github" }

// RemoteURL is the repository on GitHub.
func (e *Engine) RemoteURL() string {
	return strings.TrimSuffix(e.c.gh.BaseURL.String(), "/") + "/repos/" + e.c.Owner + "/" + e.c.Repo
}

// ReadRemote lists the repository's tags and branches.
func (e *Engine) ReadRemote(ctx context.Context) (gitref.RemoteState, error) {
	st := gitref.RemoteState{Refs: map[string]gitref.RemoteRef{}}
	for _, prefix := range []string{"tags/", "heads/"} {
		opts := &github.ReferenceListOptions{Ref: prefix, ListOptions: github.ListOptions{PerPage: 100}}
		for {
			refs, resp, err := e.c.gh.Git.ListMatchingRefs(ctx, e.c.Owner, e.c.Repo, opts)
			if err != nil {
				return st, explain("list "+prefix+" refs", err)
			}
			for _, r := range refs {
				name := r.GetRef()
				st.Refs[name] = gitref.RemoteRef{Name: name, Hash: r.GetObject().GetSHA()}
				e.types[name] = r.GetObject().GetType()
			}
			if resp.NextPage == 0 {
				break
			}
			opts.Page = resp.NextPage
		}
	}
	return st, nil
}

// Peel finds the commit an annotated tag points at.
func (e *Engine) Peel(ctx context.Context, ref gitref.RemoteRef) (gitref.RemoteRef, error) {
	if ref.Peeled != "" || e.types[ref.Name] != "tag" {
		return ref, nil
	}
	tag, _, err := e.c.gh.Git.GetTag(ctx, e.c.Owner, e.c.Repo, ref.Hash)
	if err != nil {
		return ref, explain("read tag "+ref.Name, err)
	}
	ref.Peeled = tag.GetObject().GetSHA()
	return ref, nil
}

// FetchBranch returns the branch's tip.
func (e *Engine) FetchBranch(ctx context.Context, branch string) (string, error) {
	ref, _, err := e.c.gh.Git.GetRef(ctx, e.c.Owner, e.c.Repo, "heads/"+branch)
	if err != nil {
		return "", explain("read branch "+branch, err)
	}
	return ref.GetObject().GetSHA(), nil
}

// IsAncestor asks GitHub to compare the commits.
func (e *Engine) IsAncestor(ancestor, descendant string) (bool, error) {
	if ancestor == descendant {
		return true, nil
	}
	cmp, _, err := e.c.gh.Repositories.CompareCommits(context.Background(), e.c.Owner, e.c.Repo, ancestor, descendant, nil)
	if err != nil {
		return false, explain("compare "+ancestor+"..."+descendant, err)
	}
	return cmp.GetStatus() == "ahead" || cmp.GetStatus() == "identical", nil
}

// Tagger is hotlane's identity for tags made through the API.
func (e *Engine) Tagger(now time.Time) gitref.Signature {
	return gitref.Signature{Name: "hotlane", Email: "hotlane@users.noreply.github.com", When: now}
}

// NewTag creates the annotated tag object (no ref yet).
func (e *Engine) NewTag(name, commit, message string, tagger gitref.Signature) (string, error) {
	when := github.Timestamp{Time: tagger.When}
	tag, _, err := e.c.gh.Git.CreateTag(ctxIdempotent(context.Background()), e.c.Owner, e.c.Repo, &github.Tag{
		Tag: &name, Message: &message, Object: &github.GitObject{Type: github.String("commit"), SHA: &commit},
		Tagger: &github.CommitAuthor{Name: &tagger.Name, Email: &tagger.Email, Date: &when},
	})
	if err != nil {
		return "", explain("create tag object "+name, err)
	}
	return tag.GetSHA(), nil
}

// PushCreate creates the refs, in order; GitHub's 422 "Reference already
// exists" is reported as a refusal, which the release settles by reading
// the refs again.
func (e *Engine) PushCreate(ctx context.Context, creates []gitref.Create, _ []string) (gitref.PushResult, error) {
	res := gitref.PushResult{Rejected: map[string]string{}}
	for _, c := range creates {
		ref, sha := c.Ref, c.Hash
		_, _, err := e.c.gh.Git.CreateRef(ctxIdempotent(ctx), e.c.Owner, e.c.Repo, &github.Reference{Ref: &ref, Object: &github.GitObject{SHA: &sha}})
		switch {
		case err == nil:
			res.Created = append(res.Created, ref)
		case isStatus(err, http.StatusUnprocessableEntity):
			res.Rejected[ref] = "already exists"
			return res, fmt.Errorf("create %s: GitHub says the reference already exists", ref)
		default:
			return res, explain("create "+ref, err)
		}
	}
	return res, nil
}

// SetLocalRefIfAbsent does nothing: API mode has no clone to update.
func (e *Engine) SetLocalRefIfAbsent(string, string) error { return nil }

// ResolveCommit turns a revision into a full sha through the API.
func (e *Engine) ResolveCommit(ctx context.Context, rev string) (string, error) {
	if rev == "" {
		return "", fmt.Errorf("no commit to release: in GitHub mode pass --commit (GITHUB_SHA in GitHub Actions)")
	}
	sha, _, err := e.c.gh.Repositories.GetCommitSHA1(ctx, e.c.Owner, e.c.Repo, rev, "")
	if err != nil {
		return "", explain("resolve commit "+rev, err)
	}
	return sha, nil
}

// RemoteTagMessage reads an annotated tag's message.
func (e *Engine) RemoteTagMessage(ctx context.Context, ref gitref.RemoteRef) (string, error) {
	t, err := e.RemoteTag(ctx, ref)
	return t.Message, err
}

// RemoteTag reads an annotated tag's message and tagger (the git tags
// API's "tagger": name, email, date).
func (e *Engine) RemoteTag(ctx context.Context, ref gitref.RemoteRef) (gitref.TagObject, error) {
	tag, _, err := e.c.gh.Git.GetTag(ctx, e.c.Owner, e.c.Repo, ref.Hash)
	if err != nil {
		return gitref.TagObject{}, explain("read tag "+ref.Name, err)
	}
	tagger := tag.GetTagger()
	return gitref.TagObject{Message: tag.GetMessage(),
		Tagger: gitref.Signature{Name: tagger.GetName(), Email: tagger.GetEmail(), When: tagger.GetDate().Time}}, nil
}

// ReadFile reads path at commit through the contents API; ok is false
// when the commit has no such file.
func (e *Engine) ReadFile(ctx context.Context, commit, path string) ([]byte, bool, error) {
	file, _, resp, err := e.c.gh.Repositories.GetContents(ctx, e.c.Owner, e.c.Repo, path, &github.RepositoryContentGetOptions{Ref: commit})
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, explain("read "+path+" at "+commit, err)
	}
	if file == nil {
		return nil, false, fmt.Errorf("read %s at %s: not a file", path, commit)
	}
	text, err := file.GetContent()
	if err != nil {
		return nil, false, fmt.Errorf("read %s at %s: %w", path, commit, err)
	}
	return []byte(text), true, nil
}
