package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/revlist"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

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
