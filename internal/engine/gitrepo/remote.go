package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"

	"github.com/hotlane/hotlane/internal/engine/gitref"
)

// The git vocabulary is the domain's (package gitref); gitrepo speaks it.
type (
	RemoteRef   = gitref.RemoteRef
	RemoteState = gitref.RemoteState
	Create      = gitref.Create
	PushResult  = gitref.PushResult
	Signature   = gitref.Signature
	AccessError = gitref.AccessError
)

// ReadRemote lists the remote's refs, with annotated tags peeled, as
// git ls-remote does. It changes nothing.
func (r *Repo) ReadRemote(ctx context.Context) (RemoteState, error) {
	cl, err := client.NewClient(r.endpoint)
	if err != nil {
		return RemoteState{}, r.explain("read the remote", err)
	}
	sess, err := cl.NewUploadPackSession(r.endpoint, r.auth)
	if err != nil {
		return RemoteState{}, r.explain("read the remote", err)
	}
	defer sess.Close()
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return RemoteState{Refs: map[string]RemoteRef{}}, nil
	}
	if err != nil {
		return RemoteState{}, r.explain("read the remote", err)
	}
	return stateFrom(ar), nil
}

func stateFrom(ar *packp.AdvRefs) RemoteState {
	st := RemoteState{Refs: map[string]RemoteRef{}}
	for name, h := range ar.References {
		st.Refs[name] = RemoteRef{Name: name, Hash: h.String()}
	}
	for name, h := range ar.Peeled {
		if ref, ok := st.Refs[name]; ok {
			ref.Peeled = h.String()
			st.Refs[name] = ref
		}
	}
	for _, v := range ar.Capabilities.Get(capability.SymRef) {
		if from, to, ok := strings.Cut(v, ":"); ok && from == "HEAD" {
			st.HeadBranch = strings.TrimPrefix(to, "refs/heads/")
		}
	}
	return st
}

// PushAccess asks the remote for its push advertisement, which needs write
// access on most hosts, so a missing permission shows before anything is
// changed. It reports whether the remote can apply several refs atomically.
func (r *Repo) PushAccess(ctx context.Context) (atomic bool, err error) {
	sess, ar, err := r.receivePack(ctx)
	if err != nil {
		return false, err
	}
	defer sess.Close()
	return ar.Capabilities.Supports(capability.Atomic), nil
}

func (r *Repo) receivePack(ctx context.Context) (transport.ReceivePackSession, *packp.AdvRefs, error) {
	cl, err := client.NewClient(r.endpoint)
	if err != nil {
		return nil, nil, r.explain("connect for push", err)
	}
	sess, err := cl.NewReceivePackSession(r.endpoint, r.auth)
	if err != nil {
		return nil, nil, r.explain("connect for push", err)
	}
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if err != nil && !errors.Is(err, transport.ErrEmptyRemoteRepository) {
		sess.Close()
		return nil, nil, r.explain("connect for push", err)
	}
	if ar == nil {
		ar = packp.NewAdvRefs()
	}
	return sess, ar, nil
}

// explain turns a transport error into one that says what to do, with
// every credential redacted. The cause is kept as redacted text, not
// wrapped (%w): its own text may hold a credential that a caller could
// print by unwrapping it.
func (r *Repo) explain(action string, err error) error {
	msg := strings.Join(strings.Fields(r.Redact(err.Error())), " ")
	where := fmt.Sprintf("%s (remote %q, %s)", action, r.remote, r.RemoteURL())
	lower := strings.ToLower(msg)
	if r.endpoint.Protocol == "ssh" {
		if advice := sshAdvice(lower, r.auth != nil); advice != "" {
			return gitref.NewAccessError(fmt.Sprintf("%s: %s (%s)", where, advice, msg))
		}
	}
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired) && r.auth == nil && (r.endpoint.Protocol == "http" || r.endpoint.Protocol == "https"):
		return gitref.NewAccessError(fmt.Sprintf("%s: authentication failed: %s. No token was given: pass --token, or set "+
			"HOTLANE_TOKEN or GITHUB_TOKEN (in GitHub Actions: env: GITHUB_TOKEN: ${{ github.token }}; in Azure "+
			"DevOps: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))", where, msg))
	case errors.Is(err, transport.ErrAuthenticationRequired):
		return gitref.NewAccessError(fmt.Sprintf("%s: authentication failed: %s. Give hotlane a token with write access: --token, "+
			"HOTLANE_TOKEN or GITHUB_TOKEN (HTTPS), or --ssh-key / an SSH agent (SSH)", where, msg))
	case errors.Is(err, transport.ErrAuthorizationFailed), strings.Contains(lower, "403 forbidden"),
		strings.Contains(lower, "permission denied"), strings.Contains(lower, "permission to "):
		return gitref.NewAccessError(fmt.Sprintf("%s: permission denied: %s. The credentials cannot push tags and branches: on GitHub "+
			"Actions give the job `permissions: contents: write`; on Azure DevOps allow the project's Build Service "+
			"\"Contribute\" and \"Create tag\" on the repository; elsewhere use a token with write access", where, msg))
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(lower, "context deadline exceeded"):
		return fmt.Errorf("%s: the remote did not answer within the time limit (--git-timeout, HOTLANE_GIT_TIMEOUT; default 5m): %s", where, msg)
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return gitref.NewAccessError(fmt.Sprintf("%s: repository not found: %s. Check the remote URL; private repositories also "+
			"answer \"not found\" to a missing or wrong token", where, msg))
	}
	return fmt.Errorf("%s: %s", where, msg)
}

// hashOf parses a sha the engine produced or read.
func hashOf(s string) plumbing.Hash { return plumbing.NewHash(s) }

// Peel fills in ref.Peeled for an annotated tag when the remote did not
// advertise it (go-git's own server does not): from the local object store
// when the tag object is there, else by fetching the tag into a private
// ref. A lightweight tag or a branch is returned as it is.
func (r *Repo) Peel(ctx context.Context, ref RemoteRef) (RemoteRef, error) {
	if ref.Peeled != "" || !strings.HasPrefix(ref.Name, "refs/tags/") {
		return ref, nil
	}
	if peeled, ok := r.peelLocal(ref.Hash); ok {
		return peeled.with(ref), nil
	}
	private := "refs/hotlane/peel/" + strings.TrimPrefix(ref.Name, "refs/")
	if err := r.fetch(ctx, "+"+ref.Name+":"+private); err != nil {
		return ref, err
	}
	if peeled, ok := r.peelLocal(ref.Hash); ok {
		return peeled.with(ref), nil
	}
	return ref, fmt.Errorf("tag %s (%s): cannot find what it points at after fetching it", ref.Name, ref.Hash)
}

type peeled struct{ commit string }

func (p peeled) with(ref RemoteRef) RemoteRef {
	if p.commit != ref.Hash {
		ref.Peeled = p.commit
	}
	return ref
}

func (r *Repo) peelLocal(hash string) (peeled, bool) {
	if t, err := r.repo.TagObject(hashOf(hash)); err == nil {
		c, err := t.Commit()
		if err != nil {
			return peeled{}, false
		}
		return peeled{c.Hash.String()}, true
	}
	if c, err := r.repo.CommitObject(hashOf(hash)); err == nil {
		return peeled{c.Hash.String()}, true
	}
	return peeled{}, false
}

// RemoteTagMessage reads the message of the remote's annotated tag ref
// (RemoteTag).
func (r *Repo) RemoteTagMessage(ctx context.Context, ref RemoteRef) (string, error) {
	t, err := r.RemoteTag(ctx, ref)
	return t.Message, err
}

// RemoteTag reads the remote's annotated tag ref: its message and tagger,
// from the local object store when the tag object is there, else by
// fetching the tag into a private ref.
func (r *Repo) RemoteTag(ctx context.Context, ref RemoteRef) (gitref.TagObject, error) {
	if t, err := r.tagObject(ref.Hash); err == nil {
		return t, nil
	}
	private := "refs/hotlane/peel/" + strings.TrimPrefix(ref.Name, "refs/")
	if err := r.fetch(ctx, "+"+ref.Name+":"+private); err != nil {
		return gitref.TagObject{}, err
	}
	t, err := r.tagObject(ref.Hash)
	if err != nil {
		return gitref.TagObject{}, fmt.Errorf("read tag %s (%s): %w", ref.Name, ref.Hash, err)
	}
	return t, nil
}

// tagObject reads the annotated tag object hash from the object store.
func (r *Repo) tagObject(hash string) (gitref.TagObject, error) {
	t, err := r.repo.TagObject(hashOf(hash))
	if err != nil {
		return gitref.TagObject{}, err
	}
	return gitref.TagObject{Message: t.Message, Tagger: gitref.Signature{Name: t.Tagger.Name, Email: t.Tagger.Email, When: t.Tagger.When}}, nil
}
