package release

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/syncs"
)

// Git is what a release needs from the git engine.
type Git interface {
	RemoteName() string
	RemoteURL() string
	ReadRemote(ctx context.Context) (gitref.RemoteState, error)
	Peel(ctx context.Context, ref gitref.RemoteRef) (gitref.RemoteRef, error)
	FetchBranch(ctx context.Context, branch string) (string, error)
	IsAncestor(ancestor, descendant string) (bool, error)
	Tagger(now time.Time) gitref.Signature
	NewTag(name, commit, message string, tagger gitref.Signature) (string, error)
	PushCreate(ctx context.Context, creates []gitref.Create, haves []string) (gitref.PushResult, error)
	SetLocalRefIfAbsent(name, hash string) error
	// RemoteTagMessage reads the message of the remote's annotated tag ref.
	RemoteTagMessage(ctx context.Context, ref gitref.RemoteRef) (string, error)
	// RemoteTags reads the remote's tag refs with their messages and
	// tagger times, as the ledger reads them.
	RemoteTags(ctx context.Context, refs []gitref.RemoteRef) ([]gitref.Tag, error)
	// ReadFile reads path at commit (the policy file); ok is false when
	// it is not there.
	ReadFile(ctx context.Context, commit, path string) (data []byte, ok bool, err error)
}

// Ref states reported in a Result.
const (
	Created     = "created"
	Exists      = "exists"
	WouldCreate = "would create"
	None        = "none" // a release without a lane
)

// Result is what a release did, or would do.
type Result struct {
	Record    record.Record
	Tag, Lane string
	TagState  string
	LaneState string
	// Previous is the release just before this one (ledger.Before).
	Previous *ledger.Entry
	// Earlier are the releases of the environment recorded before this
	// one (the ledger's order), read from the remote; ledgerErr says why
	// they could not be read.
	Earlier   []ledger.Entry
	ledgerErr error
	// after is the remote's refs once the release is recorded (what was
	// read, with what this run created), for the dropped check; nil when
	// a concurrent run changed them under this one.
	after     *gitref.RemoteState
	Remote    string
	RemoteURL string
	Atomic    bool
	DryRun    bool
	Warnings  []string
	// Dropped describes hotfix commits that earlier releases of the
	// environment had and this one lacks; DroppedChecked says the check
	// decided, DroppedUnknown why it could not (the check was asked for).
	Dropped        []string
	DroppedChecked bool
	DroppedUnknown string
	// Mode is how the remote was reached: git or github (the API).
	Mode string
	// PromotedFrom lists, for each environment that had to release the
	// commit first, the record that let it through.
	PromotedFrom []promotion.Released
	// Sync lists the targets asked for; Synced what sending them did (nil
	// in a dry run).
	Sync   []syncs.Spec
	Synced []syncs.Outcome
	// Owed is what the recorded release still owes, once its outputs are
	// written: targets that failed to sync (exit 3), or dropped hotfixes
	// under RequireBackports (exit 1).
	Owed error
}

// Names renders the tag and lane names for a release.
func Names(req Options) (tag, lane string, err error) {
	vars := naming.Vars{Build: req.Record.Build, Env: req.Record.Environment, SHA: req.Record.Commit, Time: req.Record.Time}
	tag, lane = req.TagTemplate.Render(vars), req.BranchTemplate.Render(vars)
	if req.NoLane {
		lane = ""
	}
	for _, n := range []struct{ kind, name string }{{"tag", tag}, {"branch", lane}} {
		if n.name == "" && n.kind == "branch" {
			continue
		}
		if err := naming.CheckRefName(n.name); err != nil {
			return "", "", fault.Invalidf("the %s name %q is not a valid git ref name: it %w (nothing was changed)", n.kind, n.name, err)
		}
	}
	return tag, lane, nil
}

// Apply records a release: it reads the remote, decides, and creates the
// tag and the lane in one push. A re-run finds them and changes nothing.
// It reads Record (with its Commit), the templates, DryRun and NoLane.
func Apply(ctx context.Context, g Git, req Options) (Result, error) {
	tag, lane, err := Names(req)
	if err != nil {
		return Result{}, err
	}
	rec := req.Record
	rec.Lane = lane
	res := Result{Record: rec, Tag: tag, Lane: lane, Remote: g.RemoteName(), RemoteURL: g.RemoteURL(), DryRun: req.DryRun}

	facts, state, err := gather(ctx, g, rec, tag, req.RemoteState)
	if err != nil {
		return res, fault.Unavailablef("%w (nothing was changed)", err)
	}
	res = withEarlier(ctx, g, state, req, res)
	plan := Decide(facts)
	res.Warnings = plan.Warnings
	res.TagState, res.LaneState = states(plan, req.DryRun)
	if len(plan.Conflicts) > 0 {
		return res, fault.Conflictf("release %s conflicts with what %s already has (nothing was changed):\n  - %s",
			rec.Build, g.RemoteName(), strings.Join(plan.Conflicts, "\n  - "))
	}
	if plan.Done() || req.DryRun {
		res.after = &state
		return res, nil
	}
	tagState, laneState := res.TagState, res.LaneState
	tagHash := ""
	if plan.CreateTag {
		tagHash, err = g.NewTag(tag, rec.Commit, rec.Message(), g.Tagger(rec.Time))
		if err != nil {
			return res, fault.Failedf("%w (nothing was changed)", err)
		}
	}
	if res, err = push(ctx, g, res, plan, facts, tagHash); err != nil {
		return res, err
	}
	if res.TagState == tagState && res.LaneState == laneState { // pushed at the first attempt: nobody else created them
		res.after = withCreated(state, res, plan, tagHash)
	}
	// as git push does, so later steps of the same job see what was pushed
	if tagHash != "" {
		_ = g.SetLocalRefIfAbsent("refs/tags/"+tag, tagHash)
	}
	if res.LaneState == Created {
		_ = g.SetLocalRefIfAbsent("refs/remotes/"+g.RemoteName()+"/"+lane, rec.Commit)
	}
	return res, nil
}

// withCreated is state with the refs this release created.
func withCreated(state gitref.RemoteState, res Result, plan Plan, tagHash string) *gitref.RemoteState {
	after := gitref.RemoteState{Refs: make(map[string]gitref.RemoteRef, len(state.Refs)+2), HeadBranch: state.HeadBranch}
	for name, ref := range state.Refs {
		after.Refs[name] = ref
	}
	if plan.CreateTag {
		name := "refs/tags/" + res.Tag
		after.Refs[name] = gitref.RemoteRef{Name: name, Hash: tagHash, Peeled: res.Record.Commit}
	}
	if plan.CreateLane {
		name := "refs/heads/" + res.Lane
		after.Refs[name] = gitref.RemoteRef{Name: name, Hash: res.Record.Commit}
	}
	return &after
}

// push creates what the plan says in one push. A remote without atomic
// pushes (the GitHub API) can refuse one ref because a concurrent run of
// the same release created it a moment ago; then what is left is pushed
// again, a few times at most.
func push(ctx context.Context, g Git, res Result, plan Plan, facts Facts, tagHash string) (Result, error) {
	commit := res.Record.Commit
	for attempt := 1; ; attempt++ {
		var creates []gitref.Create
		if plan.CreateTag {
			creates = append(creates, gitref.Create{Ref: "refs/tags/" + res.Tag, Hash: tagHash})
		}
		if plan.CreateLane {
			creates = append(creates, gitref.Create{Ref: "refs/heads/" + res.Lane, Hash: commit})
		}
		var haves []string
		if facts.OnLane != nil && facts.OnLane.Contains {
			haves = append(haves, commit)
		}
		pushed, pushErr := g.PushCreate(ctx, creates, haves)
		res.Atomic = pushed.Atomic
		if pushErr == nil {
			return res, nil
		}
		if len(pushed.Rejected) == 0 || pushed.Atomic || attempt == 3 {
			return settleAfterFailedPush(ctx, g, res, commit, pushed, pushErr)
		}
		var err error
		if facts, _, err = gather(ctx, g, res.Record, res.Tag, nil); err != nil {
			return settleAfterFailedPush(ctx, g, res, commit, pushed, pushErr)
		}
		after := Decide(facts)
		if after.Done() || len(after.Conflicts) > 0 {
			return settleAfterFailedPush(ctx, g, res, commit, pushed, pushErr)
		}
		plan.CreateTag, plan.CreateLane = after.CreateTag, after.CreateLane
		res.TagState, res.LaneState = states(plan, false)
	}
}

// gather reads the remote (known: as read already) and, when the lane
// already exists, fetches it to see whether it holds the release commit.
func gather(ctx context.Context, g Git, rec record.Record, tag string, known *gitref.RemoteState) (Facts, gitref.RemoteState, error) {
	commit, lane := rec.Commit, rec.Lane
	facts := Facts{Build: rec.Build, Environment: rec.Environment, Commit: commit, Tag: tag, Lane: lane}
	state, err := readRemote(ctx, g, known)
	if err != nil {
		return facts, state, err
	}
	if ref, ok := state.Ref("refs/tags/" + tag); ok {
		if ref, err = g.Peel(ctx, ref); err != nil {
			return facts, state, err
		}
		facts.OnTag = &Existing{Commit: ref.Commit(), Annotated: ref.Annotated()}
		if ref.Annotated() && ref.Commit() == commit {
			if facts.OnTag.Message, err = g.RemoteTagMessage(ctx, ref); err != nil {
				return facts, state, err
			}
		}
	}
	if ref, ok := state.Ref("refs/heads/" + lane); ok && lane != "" {
		ex := &Existing{Commit: ref.Hash, Contains: ref.Hash == commit}
		if !ex.Contains {
			tip, err := g.FetchBranch(ctx, lane)
			if err != nil {
				return facts, state, err
			}
			if ex.Contains, err = g.IsAncestor(commit, tip); err != nil {
				return facts, state, fmt.Errorf("check whether %s contains %s: %w", lane, commit, err)
			}
		}
		facts.OnLane = ex
	}
	return facts, state, nil
}

func readRemote(ctx context.Context, g Git, known *gitref.RemoteState) (gitref.RemoteState, error) {
	if known != nil {
		return *known, nil
	}
	return g.ReadRemote(ctx)
}

func states(p Plan, dryRun bool) (tag, lane string) {
	create := Created
	if dryRun {
		create = WouldCreate
	}
	tag, lane = Exists, Exists
	if p.CreateTag {
		tag = create
	}
	if p.CreateLane {
		lane = create
	}
	if p.NoLane {
		lane = None
	}
	return tag, lane
}

// withEarlier reads the environment's ledger from the remote's release
// tags and adds the releases recorded before this one, and the one just
// before it (ledger.Before, the one rule for "previous"). Tags that cannot
// be read leave them unknown, with a warning, rather than failing a
// release that is otherwise done.
func withEarlier(ctx context.Context, g Git, state gitref.RemoteState, req Options, res Result) Result {
	env := req.Record.Environment
	var refs []gitref.RemoteRef
	for name, ref := range state.Refs {
		short, ok := strings.CutPrefix(name, "refs/tags/")
		if !ok || record.InHotlaneNamespace(short) {
			continue
		}
		if _, ok := req.TagTemplate.Match(short, env); ok {
			refs = append(refs, ref)
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	tags, err := g.RemoteTags(ctx, refs)
	if err != nil {
		res.ledgerErr = err
		res.Warnings = append(res.Warnings, "the releases before this one are unknown (no previous release is reported): reading the remote's release tags failed: "+err.Error())
		return res
	}
	l := ledger.Read(tags, req.TagTemplate, env)
	res.Earlier = l.Earlier(req.Record.Build)
	if prev, ok := l.Before(req.Record.Build); ok {
		res.Previous = &prev
	}
	return res
}

// settleAfterFailedPush finds out where a failed push left the remote. When
// a concurrent run created the same refs at the same commit, the release is
// done; otherwise the error says exactly what changed and what did not.
func settleAfterFailedPush(ctx context.Context, g Git, res Result, commit string, pushed gitref.PushResult, pushErr error) (Result, error) {
	var access *gitref.AccessError
	if errors.As(pushErr, &access) {
		return res, fault.Failedf("%w (nothing was changed)", pushErr)
	}
	facts, _, err := gather(ctx, g, res.Record, res.Tag, nil)
	if err != nil {
		return res, fault.Failedf("%w; reading the remote afterwards also failed (%w): run the release again, it completes what is missing", pushErr, err)
	}
	after := Decide(facts)
	if after.Done() {
		res.TagState, res.LaneState = states(Plan{NoLane: after.NoLane}, false)
		return res, nil
	}
	if len(after.Conflicts) > 0 {
		return res, fault.Conflictf("%w: another run got there first:\n  - %s", pushErr, strings.Join(after.Conflicts, "\n  - "))
	}
	var created, missing []string
	if !after.CreateTag {
		created = append(created, "tag "+res.Tag)
	} else {
		missing = append(missing, "tag "+res.Tag)
	}
	switch {
	case after.NoLane:
	case !after.CreateLane:
		created = append(created, "branch "+res.Lane)
	default:
		missing = append(missing, "branch "+res.Lane)
	}
	changed := "nothing was changed"
	if len(created) > 0 {
		changed = "the remote now has " + strings.Join(created, " and ") + " but not " + strings.Join(missing, " and ")
	}
	return res, fault.Failedf("%w (%s): fix the cause and run the release again; it completes what is missing", pushErr, changed)
}
