package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/sideband"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
)

// GateRefs says what the backport gate needs from the remote.
type GateRefs struct {
	// Main is the main line's branch; empty: the remote's HEAD branch.
	Main string
	// IsLane says whether a branch is a lane.
	IsLane func(branch string) bool
	// IsRelease says whether a tag is a release tag.
	IsRelease func(tag string) bool
}

// GateFetch says what FetchForGate did.
type GateFetch struct {
	Remote  RemoteState // the remote's refs, as the fetch read them
	Wanted  GateCounts  // what was asked for
	Updated []string    // the local refs created or moved
	Objects int         // objects received
	// Shallow: the clone was shallow; Complete: it no longer is (a
	// remote that is itself shallow leaves it shallow at its own edge).
	Shallow, Complete bool
}

// GateCounts counts the refs of each kind a fetch asked for.
type GateCounts struct{ Main, Lanes, Tags int }

// fullDepth is what git fetch --unshallow asks for: a server that is not
// shallow itself then also unshallows every commit the clone lists as
// shallow (a CI's merge commit among them) and sends their history.
const fullDepth = packp.DepthCommits(1<<31 - 1)

// FetchForGate brings into the clone what the backport gate reads, in
// one upload-pack request on one read of the remote's refs: the main
// line and the lanes (branches want.IsLane accepts) into their
// remote-tracking refs, and the release tags the clone lacks (a tag the
// clone has is never moved) - not every branch of the remote. A clone
// that is not shallow receives only what it lacks. A shallow clone (a CI
// checkout) receives the whole history of those refs, as git fetch
// --unshallow of them would, and its shallow list is then repaired so
// that git agrees (removed when the history is complete).
//
// Why the whole history: the gate reads every release tag's record, and
// release tags reach back through the whole history; a deepen-since or
// deepen-not request that wants a commit older than its cut makes git's
// upload-pack refuse ("no commits selected for shallow requests") or
// send the commit without its parents; and a cut history saved only
// 10-15% on a real repository, as the server must then compute new
// deltas for the objects at the cut (measured with git's own client).
//
// The pack is stored by indexPack, not by go-git's fetch, which took
// twice git's time and memory on large packs.
func (r *Repo) FetchForGate(ctx context.Context, want GateRefs) (GateFetch, error) {
	var res GateFetch
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return res, fmt.Errorf("read the clone's shallow list: %w", err)
	}
	res.Shallow = len(shallow) > 0
	sess, ar, err := r.uploadSession(ctx)
	if err != nil {
		return res, err
	}
	defer func() { _ = sess.Close() }()
	res.Remote = stateFrom(ar)
	sel := r.selectGateRefs(res.Remote, want)
	refs, depth := sel.stale(r), packp.Depth(nil)
	if res.Shallow {
		refs, depth = sel.refs, fullDepth // every ref, so that the server deepens the history below it
	}
	for _, w := range refs {
		switch {
		case w.tag:
			res.Wanted.Tags++
		case w.main:
			res.Wanted.Main++
		default:
			res.Wanted.Lanes++
		}
	}
	return res, r.gateRound(ctx, sess, ar, refs, depth, &res)
}

// gateSelection is what the gate wants of the remote's refs.
type gateSelection struct{ refs []wantedRef }

// wantedRef is a remote ref and where the clone keeps it.
type wantedRef struct {
	remote, local string
	hash          plumbing.Hash
	tag, main     bool
}

// selectGateRefs picks the main line, the lanes and the release tags
// from the remote's refs. A release tag the clone has at another object
// is left out: tags are never moved.
func (r *Repo) selectGateRefs(st RemoteState, want GateRefs) gateSelection {
	var sel gateSelection
	main := want.Main
	if main == "" {
		main = st.HeadBranch
	}
	names := make([]string, 0, len(st.Refs))
	for n := range st.Refs {
		names = append(names, n)
	}
	sort.Strings(names)
	tracking := "refs/remotes/" + r.remote + "/"
	for _, n := range names {
		h := plumbing.NewHash(st.Refs[n].Hash)
		switch {
		case strings.HasPrefix(n, "refs/heads/"):
			branch := strings.TrimPrefix(n, "refs/heads/")
			if branch == main || want.IsLane != nil && want.IsLane(branch) {
				sel.refs = append(sel.refs, wantedRef{remote: n, local: tracking + branch, hash: h, main: branch == main})
			}
		case strings.HasPrefix(n, "refs/tags/"):
			if want.IsRelease == nil || !want.IsRelease(strings.TrimPrefix(n, "refs/tags/")) {
				continue
			}
			if local := r.LocalRef(n); local != "" && local != h.String() {
				continue
			}
			sel.refs = append(sel.refs, wantedRef{remote: n, local: n, hash: h, tag: true})
		}
	}
	return sel
}

// stale is the selected refs the clone lacks or has elsewhere.
func (s gateSelection) stale(r *Repo) []wantedRef {
	var out []wantedRef
	for _, w := range s.refs {
		if r.LocalRef(w.local) != w.hash.String() {
			out = append(out, w)
		}
	}
	return out
}

// uploadSession opens an upload-pack session and reads the remote's refs.
func (r *Repo) uploadSession(ctx context.Context) (transport.UploadPackSession, *packp.AdvRefs, error) {
	cl, err := client.NewClient(r.endpoint)
	if err != nil {
		return nil, nil, r.explain("read the remote", err)
	}
	sess, err := cl.NewUploadPackSession(r.endpoint, r.auth)
	if err != nil {
		return nil, nil, r.explain("read the remote", err)
	}
	ar, err := sess.AdvertisedReferencesContext(ctx)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return sess, packp.NewAdvRefs(), nil
	}
	if err != nil {
		_ = sess.Close()
		return nil, nil, r.explain("read the remote", err)
	}
	return sess, ar, nil
}

// gateRound sends one upload-pack request for refs (at depth, when not
// nil), stores the pack, and then the refs and the shallow list.
func (r *Repo) gateRound(ctx context.Context, sess transport.UploadPackSession, ar *packp.AdvRefs, refs []wantedRef, depth packp.Depth, res *GateFetch) error {
	if len(refs) == 0 {
		return nil
	}
	req := packp.NewUploadPackRequestFromCapabilities(ar.Capabilities)
	req.Capabilities.Delete(capability.ThinPack) // indexPack takes only self-contained packs (go-git never asks for thin ones either)
	if ar.Capabilities.Supports(capability.NoProgress) {
		_ = req.Capabilities.Set(capability.NoProgress)
	}
	for _, w := range refs {
		req.Wants = append(req.Wants, w.hash)
	}
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return err
	}
	if depth != nil {
		if err := setDepth(req, ar, depth); err != nil {
			return r.explain("fetch the history the gate needs", err)
		}
		req.Shallows = shallow
	}
	req.Haves = r.haves()
	if req.IsEmpty() {
		return r.updateRefs(refs, res)
	}
	resp, err := sess.UploadPack(ctx, req)
	if errors.Is(err, transport.ErrEmptyUploadPackRequest) {
		return r.updateRefs(refs, res)
	}
	if err != nil {
		return r.explain("fetch the history the gate needs", err)
	}
	defer func() { _ = resp.Close() }()
	if err := r.storePack(req, resp, res); err != nil {
		return r.explain("fetch the history the gate needs", err)
	}
	if depth != nil {
		if err := r.updateShallow(shallow, resp.ShallowUpdate, res); err != nil {
			return err
		}
	}
	return r.updateRefs(refs, res)
}

// setDepth asks for depth, with the capabilities it needs.
func setDepth(req *packp.UploadPackRequest, ar *packp.AdvRefs, depth packp.Depth) error {
	need := capability.Shallow
	if _, since := depth.(packp.DepthSince); since {
		need = capability.DeepenSince
	}
	for _, c := range []capability.Capability{capability.Shallow, need} {
		if !ar.Capabilities.Supports(c) {
			return fmt.Errorf("the remote does not support %s, which fetching into a shallow clone needs", c)
		}
		_ = req.Capabilities.Set(c)
	}
	req.Depth = depth
	return nil
}

// haves lists the commits the clone's refs point at, so that the remote
// sends only what the clone lacks.
func (r *Repo) haves() []plumbing.Hash {
	refs, err := r.repo.References()
	if err != nil {
		return nil
	}
	seen := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	_ = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() == plumbing.HashReference && !seen[ref.Hash()] {
			seen[ref.Hash()] = true
			out = append(out, ref.Hash())
		}
		return nil
	})
	return out
}

// storePack stores the pack that resp carries (demultiplexed from the
// side band when one was agreed) and makes the storage see it.
func (r *Repo) storePack(req *packp.UploadPackRequest, resp *packp.UploadPackResponse, res *GateFetch) error {
	var body io.Reader = resp
	switch {
	case req.Capabilities.Supports(capability.Sideband64k):
		body = sideband.NewDemuxer(sideband.Sideband64k, resp)
	case req.Capabilities.Supports(capability.Sideband):
		body = sideband.NewDemuxer(sideband.Sideband, resp)
	}
	layered, ok := r.repo.Storer.(*layeredStorage)
	if !ok {
		return errors.New("the clone's storage cannot receive a pack")
	}
	dir := filepath.Join(layered.objectsDir, "pack")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	_, n, err := indexPack(body, dir)
	if err != nil {
		return err
	}
	res.Objects += n
	return layered.refresh()
}
