// Package check owns "hotlane check", running the backport gate against a clone: finding
// the candidate and the main line, making sure a shallow clone has the
// history the gate needs (or naming the fix for the CI in use), finding
// the lanes from the remote's refs and the release records (never passing
// because it could not see), and handing the gathered history to the
// analysis. Its errors carry their exit codes; reports are the command's
// business.
package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/lanescan"
	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/policyio"
	"github.com/hotlane/hotlane/internal/progress"
	"github.com/hotlane/hotlane/internal/promotion"
)

// Options say what to check.
type Options struct {
	Repo, Remote   string
	Main           string          // empty: the remote's HEAD branch, else main
	Candidate      string          // a revision; empty: HEAD
	BranchTemplate naming.Template // the hotfix lanes' names
	Tags           naming.Template
	Environment    string
	Credentials    gitrepo.Credentials
	CI             string // for the shallow-clone advice
	// Offline checks only what the clone has: no remote is read, and a
	// lane that a release record names but the clone lacks is a warning.
	Offline bool
	// GitTimeout bounds reading and fetching from the remote (0: none).
	GitTimeout time.Duration
	// Strict does not accept adapted copies.
	Strict bool
	// Policy is the policy in force (the main line's: package policyio),
	// whose waivers, retired lanes and promotion rule the gate applies;
	// the settings above already hold its defaults.
	Policy policyio.InForce
	// PromotionTo, when set, is the environment the candidate is to be
	// released to: the environments that must have released it first
	// (RequireReleasedIn, else the policy's promotion rule) are checked on
	// the remote, with AllTags naming their release tags.
	PromotionTo       string
	RequireReleasedIn []string
	AllTags           naming.TagTemplates
	// Progress, when set, hears how far the gate has come.
	Progress lanescan.Progress
	// Clone, when set, is the clone and its remote already open (a
	// release's): the gate works on it and leaves it open. RemoteState,
	// when set, is the remote's refs as the caller read them: the gate
	// does not read them again. A run opens its clone and reads its
	// remote once.
	Clone       *gitrepo.Repo
	RemoteState *gitref.RemoteState
}

// Result is the analysis and what the gate noticed on the way.
type Result struct {
	Report verdict.Report
	Notes  []string // warnings about the run itself (a shallow clone deepened, no remote)
	// RemoteURL is the remote's URL (credentials removed), if it exists.
	RemoteURL string
	// Secrets are the credentials the remote's URL held.
	Secrets []string
	// PromotedFrom lists the environments that had released the candidate,
	// as promotion control required.
	PromotedFrom []string
	// Refusal, when set, is promotion control's refusal (exit 1): the
	// analysis still ran, so the report is worth printing beside it.
	Refusal error
	// Counts are how much history the gate read.
	Counts lanescan.Counts
}

// Tally is what the gate read, for a summary line.
func (r Result) Tally() []progress.Tally {
	return []progress.Tally{{Phase: PhaseLanes, N: len(r.Report.Lanes)}, {Phase: lanescan.PhaseWalk, N: r.Counts.Walked},
		{Phase: lanescan.PhaseDiff, N: r.Counts.Diffed}}
}

// The gate's own Progress phases.
const (
	PhaseLanes  = "lanes read"
	PhaseDeepen = "fetching the history of the shallow clone"
)

// Run runs the gate.
func Run(ctx context.Context, o Options) (Result, error) {
	var res Result
	remote, repo, closeRepo, err := open(o, &res)
	if err != nil {
		return res, err
	}
	defer closeRepo()
	sha, err := gitrepo.ResolveCommit(repo, o.Candidate)
	if err != nil {
		return res, fault.Invalidf("the candidate: %w (nothing was checked)", err)
	}
	candidate := plumbing.NewHash(sha)
	pol := o.Policy.File
	polRef, notes := policyRef(repo, candidate, o.Policy)
	res.Notes = append(res.Notes, notes...)
	if o.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.GitTimeout)
		defer cancel()
	}
	promoted, err := promote(ctx, remote, o, pol, sha)
	if fault.Is(err, fault.Refused) {
		res.Refusal, err = err, nil // refused: the report is still worth seeing
	}
	if err != nil {
		return res, err
	}
	res.PromotedFrom = promotion.Environments(promoted)
	for _, rel := range promoted {
		if w := rel.Warning(); w != "" {
			res.Notes = append(res.Notes, w)
		}
	}
	h, err := history(ctx, repo, remote, o, &res)
	if err != nil {
		return res, err
	}
	defer func() { _ = h.Close() }()
	lanes, notes, err := lanes(ctx, h, remote, o, pol.Retired)
	res.Notes = append(res.Notes, notes...)
	if err != nil {
		return res, err
	}
	if o.Progress != nil {
		o.Progress.Count(PhaseLanes, len(lanes))
	}
	h.SetStrict(o.Strict)
	in, err := h.Collect(candidate, mainName(repo, o), lanes)
	res.Counts = h.Counts()
	var shallow *lanescan.ShallowError
	if errors.As(err, &shallow) {
		return res, shallowError(o.CI, shallow.Error())
	}
	if err != nil {
		return res, fault.Failedf("read the history: %w", err)
	}
	in.Strict = o.Strict
	in.Waivers = pol.Waivers
	in.ReleaseOnlyPaths = pol.ReleaseOnly
	in.OffMainLine = offMainLine(repo, in.MainLine, o.Policy.Commit)
	res.Report = verdict.Analyze(in)
	res.Report.Policy = polRef
	return res, nil
}

// promote checks that the environments before PromotionTo released the
// candidate. It reads the remote: offline, a rule is bad input, never a
// pass.
func promote(ctx context.Context, remote *gitrepo.Repo, o Options, pol policy.File, sha string) ([]promotion.Released, error) {
	if o.PromotionTo == "" {
		return nil, nil
	}
	required := promotion.Rule(o.RequireReleasedIn, pol, o.PromotionTo)
	if len(required) == 0 {
		return nil, nil
	}
	if remote == nil || o.Offline {
		return nil, fault.Invalidf("promotion control (%s must have released the candidate first) reads the remote's release records: run without --offline (nothing was checked)", strings.Join(required, ", "))
	}
	return promotion.Check(ctx, remote, promotion.Options{Commit: sha, Environment: o.PromotionTo, Required: required, Tags: o.AllTags})
}

// open opens the clone and its remote; with --offline, a clone without the
// remote is checked alone (said in a note). remote is nil then.
func open(o Options, res *Result) (remote *gitrepo.Repo, repo *git.Repository, closeRepo func(), err error) {
	if o.Clone != nil {
		res.RemoteURL, res.Secrets = o.Clone.RemoteURL(), o.Clone.Secrets()
		return o.Clone, o.Clone.Repository(), func() {}, nil
	}
	remote, err = gitrepo.Open(o.Repo, o.Remote, o.Credentials)
	switch {
	case errors.Is(err, gitrepo.ErrRemoteNotFound) && o.Offline:
		if repo, err = gitrepo.OpenClone(o.Repo); err != nil {
			return nil, nil, nil, fault.Wrap(fault.Invalid, err)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("remote %q not found: only the clone's own branches are checked (--offline)", o.Remote))
		return nil, repo, func() { gitrepo.CloseClone(repo) }, nil
	case errors.Is(err, gitrepo.ErrRemoteNotFound):
		return nil, nil, nil, fault.Invalidf("%w; the gate reads the lanes from the remote (nothing was checked). To check only the clone's own branches, pass --offline", err)
	case err != nil:
		return nil, nil, nil, fault.Invalidf("%w (nothing was checked)", err)
	}
	res.RemoteURL, res.Secrets = remote.RemoteURL(), remote.Secrets()
	return remote, remote.Repository(), func() { _ = remote.Close() }, nil
}

// history is the gate's reader of the clone; a shallow clone is deepened
// first when the remote may be read, else the error names the CI's fix.
func history(ctx context.Context, repo *git.Repository, remote *gitrepo.Repo, o Options, res *Result) (*lanescan.History, error) {
	h, err := lanescan.New(repo)
	if err != nil {
		return nil, fault.Wrap(fault.Failed, err)
	}
	h.SetProgress(o.Progress)
	if !h.Shallow() {
		return h, nil
	}
	_ = h.Close()
	if remote == nil || o.Offline {
		return nil, shallowError(o.CI, "the clone is shallow and the gate may not fetch (no remote, or --offline)")
	}
	if o.Progress != nil {
		o.Progress.Count(PhaseDeepen, -1) // under way, no count
	}
	fetched, err := remote.FetchForGate(ctx, gateRefs(o))
	if err != nil {
		return nil, shallowError(o.CI, "the clone is shallow and fetching its history failed: "+remote.Redact(err.Error()))
	}
	res.Notes = append(res.Notes, deepenedNote(fetched, o.Remote))
	if h, err = lanescan.New(repo); err != nil {
		return nil, fault.Wrap(fault.Failed, err)
	}
	h.SetProgress(o.Progress)
	return h, nil
}

// gateRefs is what the gate reads of the remote: the main line, the
// lanes and the release tags (lanes that release records name under
// another template are fetched when the records are read).
func gateRefs(o Options) gitrepo.GateRefs {
	return gitrepo.GateRefs{
		Main:      o.Main,
		IsLane:    func(branch string) bool { return o.BranchTemplate.Matches(branch, o.Environment) },
		IsRelease: func(tag string) bool { return o.Tags.Matches(tag, o.Environment) },
	}
}

// deepenedNote says what deepening a shallow clone fetched.
func deepenedNote(f gitrepo.GateFetch, remote string) string {
	what := report.Count(f.Wanted.Lanes, "lane") + " and " + report.Count(f.Wanted.Tags, "release tag")
	if f.Wanted.Main > 0 {
		what = "the main line, " + what
	}
	note := fmt.Sprintf("the clone was shallow: fetched the history of %s from %s (%s)", what, remote, report.Count(f.Objects, "object"))
	if !f.Complete {
		note += "; the remote's own history is shallow, so the clone still is"
	}
	return note
}

// shallowError names the cause and the fix for the CI in use.
func shallowError(kind, cause string) error {
	return fault.Unavailablef("%s; the gate needs the history of the main line and the lanes (nothing was checked): %s", cause, ci.TraitsOf(kind).FullClone)
}

// mainName is the main line's name for the report: as given, else as the
// policy's read found it, else the remote's HEAD; "main" labels a clone
// that says nothing.
func mainName(repo *git.Repository, o Options) string {
	if m := cmp.Or(o.Main, o.Policy.Branch); m != "" {
		return m
	}
	if ref, err := repo.Reference(plumbing.ReferenceName("refs/remotes/"+o.Remote+"/HEAD"), false); err == nil && ref.Type() == plumbing.SymbolicReference {
		return strings.TrimPrefix(ref.Target().String(), "refs/remotes/"+o.Remote+"/")
	}
	return "main"
}
