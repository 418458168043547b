package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/revlist"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// Tagger returns the tagger for new tags: the clone's user.name and
// user.email when set, else hotlane's own identity.
func (r *Repo) Tagger(now time.Time) Signature {
	sig := Signature{Name: "hotlane", Email: "hotlane@localhost", When: now}
	if cfg, err := r.repo.ConfigScoped(config.GlobalScope); err == nil {
		if cfg.User.Name != "" && cfg.User.Email != "" {
			sig.Name, sig.Email = cfg.User.Name, cfg.User.Email
		}
	}
	return sig
}

// NewTag writes an annotated tag object for commit into the clone's object
// store and returns its hash. It creates no ref: the tag becomes visible
// only when a push (or SetLocalTag) names it.
func (r *Repo) NewTag(name, commit, message string, tagger Signature) (string, error) {
	tag := &object.Tag{
		Name:       name,
		Tagger:     object.Signature{Name: tagger.Name, Email: tagger.Email, When: tagger.When},
		Message:    message,
		TargetType: plumbing.CommitObject,
		Target:     hashOf(commit),
	}
	obj := r.repo.Storer.NewEncodedObject()
	if err := tag.Encode(obj); err != nil {
		return "", fmt.Errorf("encode tag %s: %w", name, err)
	}
	h, err := r.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", fmt.Errorf("write tag %s: %w", name, err)
	}
	return h.String(), nil
}

// TagMessage returns the message of the annotated tag object hash.
func (r *Repo) TagMessage(hash string) (string, error) {
	t, err := r.repo.TagObject(hashOf(hash))
	if err != nil {
		return "", err
	}
	return t.Message, nil
}

// LocalRef returns what a local ref points at, or "" when it is absent.
func (r *Repo) LocalRef(name string) string {
	ref, err := r.repo.Reference(plumbing.ReferenceName(name), false)
	if err != nil {
		return ""
	}
	return ref.Hash().String()
}

// SetLocalRefIfAbsent creates a local ref; an existing one is left alone.
func (r *Repo) SetLocalRefIfAbsent(name, hash string) error {
	if r.LocalRef(name) != "" {
		return nil
	}
	return r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), hashOf(hash)))
}

// PeelLocal returns the commit a local object (commit or tag) ends at.
func (r *Repo) PeelLocal(hash string) (string, error) {
	h := hashOf(hash)
	if t, err := r.repo.TagObject(h); err == nil {
		c, err := t.Commit()
		if err != nil {
			return "", err
		}
		return c.Hash.String(), nil
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return "", err
	}
	return c.Hash.String(), nil
}

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

// IsAncestor reports whether commit ancestor is reachable from descendant.
func (r *Repo) IsAncestor(ancestor, descendant string) (bool, error) {
	if ancestor == descendant {
		return true, nil
	}
	a, err := r.repo.CommitObject(hashOf(ancestor))
	if err != nil {
		return false, err
	}
	d, err := r.repo.CommitObject(hashOf(descendant))
	if err != nil {
		return false, err
	}
	return a.IsAncestor(d)
}

// PushCreate pushes new refs in one request. Each update is sent with the
// zero hash as its old value, so the remote itself refuses to move a ref
// that appeared in the meantime: nothing is ever forced or moved. The push
// is atomic when the remote supports it.
func (r *Repo) PushCreate(ctx context.Context, creates []Create, haves []string) (PushResult, error) {
	sess, ar, err := r.receivePack(ctx)
	if err != nil {
		return PushResult{}, err
	}
	defer sess.Close()

	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	res := PushResult{Atomic: ar.Capabilities.Supports(capability.Atomic), Rejected: map[string]string{}}
	if res.Atomic {
		_ = req.Capabilities.Set(capability.Atomic)
	}
	var remoteSays bytes.Buffer // what the server's hooks print ("remote: ...")
	if ar.Capabilities.Supports(capability.Sideband64k) {
		_ = req.Capabilities.Set(capability.Sideband64k)
		req.Progress = &remoteSays
	} else if ar.Capabilities.Supports(capability.Sideband) {
		_ = req.Capabilities.Set(capability.Sideband)
		req.Progress = &remoteSays
	}
	var wants []plumbing.Hash
	for _, c := range creates {
		req.Commands = append(req.Commands, &packp.Command{Name: plumbing.ReferenceName(c.Ref), Old: plumbing.ZeroHash, New: hashOf(c.Hash)})
		wants = append(wants, hashOf(c.Hash))
	}
	objects, err := r.objectsToSend(wants, ar, haves)
	if err != nil {
		return res, fmt.Errorf("work out what to send: %w", err)
	}
	status, err := r.send(ctx, sess, req, ar, objects)
	said := remoteMessages(r.Redact(remoteSays.String()))
	if status == nil {
		if err != nil {
			return res, r.explain("push", fmt.Errorf("%w%s", err, said))
		}
		for _, c := range creates {
			res.Created = append(res.Created, c.Ref)
		}
		return res, nil
	}
	if err := r.readReport(status, creates, &res, said); err != nil {
		return res, err
	}
	if err != nil {
		return res, r.explain("push", fmt.Errorf("%w%s", err, said))
	}
	return res, nil
}

// send streams the pack of objects beside the update request.
func (r *Repo) send(ctx context.Context, sess transport.ReceivePackSession, req *packp.ReferenceUpdateRequest, ar *packp.AdvRefs, objects []plumbing.Hash) (*packp.ReportStatus, error) {
	rd, wr := io.Pipe()
	req.Packfile = rd
	encoded := make(chan error, 1)
	go func() {
		_, err := packfile.NewEncoder(wr, r.repo.Storer, !ar.Capabilities.Supports(capability.OFSDelta)).Encode(objects, 10)
		encoded <- wr.CloseWithError(err)
	}()
	status, err := sess.ReceivePack(ctx, req)
	_ = rd.Close()
	if encErr := <-encoded; err == nil && encErr != nil && !errors.Is(encErr, io.ErrClosedPipe) {
		err = encErr
	}
	return status, err
}

// readReport records what the remote's report says of each ref, and is
// the error when it refused any (said: what the remote printed).
func (r *Repo) readReport(status *packp.ReportStatus, creates []Create, res *PushResult, said string) error {
	for _, cs := range status.CommandStatuses {
		if cs.Status == "ok" {
			res.Created = append(res.Created, cs.ReferenceName.String())
		} else {
			res.Rejected[cs.ReferenceName.String()] = r.Redact(cs.Status)
		}
	}
	if status.UnpackStatus != "ok" {
		return fmt.Errorf("push: the remote could not unpack what was sent: %s%s", r.Redact(status.UnpackStatus), said)
	}
	if len(res.Rejected) > 0 {
		var parts []string
		for _, c := range creates {
			if why, ok := res.Rejected[c.Ref]; ok {
				parts = append(parts, c.Ref+" ("+why+")")
			}
		}
		return fmt.Errorf("push: the remote refused %s%s", strings.Join(parts, ", "), said)
	}
	return nil
}

// remoteMessages formats what the server printed during a push, for an
// error message.
func remoteMessages(s string) string {
	var lines []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "; the remote said: " + strings.Join(lines, " | ")
}

// objectsToSend lists the objects the remote lacks. When every wanted
// commit is already on the remote (the usual case: the deployed commit was
// pushed before it was built), only the new tag objects are sent and no
// history is walked.
func (r *Repo) objectsToSend(wants []plumbing.Hash, ar *packp.AdvRefs, haves []string) ([]plumbing.Hash, error) {
	onRemote := map[plumbing.Hash]bool{}
	for _, h := range ar.References {
		onRemote[h] = true
	}
	for _, h := range haves {
		onRemote[hashOf(h)] = true
	}
	var tips []plumbing.Hash
	var send []plumbing.Hash
	simple := true
	for _, w := range wants {
		target := w
		if t, err := r.repo.TagObject(w); err == nil {
			send = append(send, w)
			target = t.Target
		}
		if !onRemote[target] {
			simple = false
		}
		tips = append(tips, target)
	}
	if simple {
		return send, nil
	}
	var remoteHashes []plumbing.Hash
	for h := range onRemote {
		remoteHashes = append(remoteHashes, h)
	}
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return nil, err
	}
	return revlist.Objects(r.repo.Storer, append(tips, send...), append(remoteHashes, shallow...))
}
