// Package release owns the use case "hotlane release" (Run): picking the
// engine by access's one rule, deciding from what the remote already has
// which refs to create (Decide: pure, table-tested), creating them through
// a small git interface (Apply: create-only, idempotent, never forced),
// checking what the release drops, telling the hotfix-dev environment,
// and the release's outputs (one builder, which rollback uses too).
package release

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/syncs"
)

// Reporter is where a release says what it notices on the way: annotations
// in the CI's own form, secrets to mask from then on, and the redaction of
// text that may hold one. The implementation neutralises and redacts.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
	Redact(text string) string
}

// Options are one "hotlane release".
type Options struct {
	// Reach is the run's way to the repository (its clone, opened once,
	// and its GitHub client, built once), shared with the policy read
	// before; nil: Run opens Repo's Remote itself, by GitHub's rule.
	Reach        *access.Reach
	Repo, Remote string
	Credentials  gitrepo.Credentials
	GitHub       access.GitHub
	// RemoteState is the remote's refs as the run read them already (the
	// policy's read, through git); nil: Run reads them once.
	RemoteState    *gitref.RemoteState
	Commit         string        // the deployed revision; empty: HEAD
	Record         record.Record // the release's fields; Run fills Commit and Lane
	TagTemplate    naming.Template
	BranchTemplate naming.Template // the hotfix lane's name
	// NoLane records the release without a hotfix lane or a sync: an
	// environment other than production, unless asked (--lane).
	NoLane bool
	// Tags are every environment's release tag templates, for the
	// promotion check; RequireReleasedIn lists the environments that must
	// have released the commit first (nil: the rule of Policy, the policy
	// in force: the main line's file, never the deployed commit's).
	Tags              naming.TagTemplates
	RequireReleasedIn []string
	Policy            policy.File
	DryRun            bool
	GitTimeout        time.Duration // bound on reading and pushing to the remote
	// Dropped, when set, is the gate that looks for hotfixes of earlier
	// releases that this one lacks (Run sets its candidate and Before).
	Dropped          *check.Options
	RequireBackports bool // dropped hotfixes make the step fail (exit 1)
	Sync             []syncs.Spec
	SyncDeps         syncs.Deps // Run adds the GitHub client
	Report           Reporter
}

// Run records a production release: it picks the engine (git or the
// GitHub API, by access's one rule), creates the tag and the lane
// (Apply), checks what the release drops, and tells the hotfix-dev
// environment. What the recorded release still owes is in Result.Owed.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Reach == nil {
		o.Reach = o.GitHub.Open(o.Repo, o.Remote, o.Credentials)
		defer o.Reach.Close()
	}
	g, commit, mode, err := engine(ctx, o)
	if err != nil {
		return Result{}, err
	}
	if mode != access.ModeGit {
		o.RemoteState = nil // read through git; the API's engine reads its own
	}
	o.Record.Commit = commit
	if err := CheckRecord(o); err != nil {
		return Result{Record: o.Record, Mode: mode}, err
	}
	gitCtx, cancel := context.WithTimeout(ctx, o.GitTimeout)
	defer cancel()
	once := &readOnce{Git: g, state: o.RemoteState}
	promoted, err := promotion.Check(gitCtx, once, promotion.Options{Commit: commit, Environment: o.Record.Environment,
		Required: o.RequireReleasedIn, Policy: o.Policy, Tags: o.Tags})
	if err != nil {
		return Result{Record: o.Record, Mode: mode}, err
	}
	o.RemoteState = once.state
	res, err := Apply(gitCtx, g, o)
	cancel()
	res.Mode, res.Sync, res.PromotedFrom = mode, o.Sync, promoted
	for _, rel := range promoted {
		if w := rel.Warning(); w != "" {
			res.Warnings = append(res.Warnings, w)
		}
	}
	if o.NoLane && len(o.Sync) > 0 {
		o.Report.Annotate(ci.Warning, fmt.Sprintf("no sync: a release to %s has no hotfix lane for hotfix-dev to mirror (--lane creates one)", o.Record.Environment))
		res.Sync, o.Sync = nil, nil
	}
	for _, w := range res.Warnings {
		o.Report.Annotate(ci.Warning, w)
	}
	if err != nil {
		return res, err
	}
	res = checkDropped(ctx, o, res, mode)
	if !o.DryRun {
		res.Synced = sendSyncs(ctx, o, res)
	}
	res.Owed = owed(res, o.RequireBackports)
	return res, nil
}

// engine is how the release reaches the remote (the run's Reach), and the
// commit it records.
func engine(ctx context.Context, o Options) (g Git, commit, mode string, err error) {
	repo := o.Reach.Repo
	if repo != nil {
		o.Report.Protect(repo.Secrets()...)
	}
	if !o.Reach.API {
		if o.Reach.OpenErr != nil {
			return nil, "", "", fault.Invalidf("%w (nothing was changed)", o.Reach.OpenErr)
		}
		if commit, err = repo.ResolveCommit(o.Commit); err != nil {
			return nil, "", "", fault.Invalidf("%w (nothing was changed)", err) // --commit names no commit
		}
		return repo, commit, access.ModeGit, nil
	}
	client, err := o.Reach.Client()
	if err != nil {
		return nil, "", "", err
	}
	eng := ghapi.NewEngine(client)
	if commit, err = eng.ResolveCommit(ctx, o.Commit); err != nil {
		return nil, "", "", fault.Failedf("%w (nothing was changed)", err)
	}
	return eng, commit, access.ModeGitHub, nil
}

// sendSyncs tells the hotfix-dev environment about the release, one target at
// a time. A failed target is reported and owed (exit 3), but never undoes
// the release; re-running the release sends every target again.
func sendSyncs(ctx context.Context, o Options, res Result) []syncs.Outcome {
	deps := o.SyncDeps
	if c, err := o.Reach.Client(); err == nil {
		deps.GitHub = c
	}
	ev := syncs.Event{Record: res.Record, Tag: res.Tag, Lane: res.Lane}
	var outcomes []syncs.Outcome
	for _, spec := range o.Sync {
		if deps.Out != nil {
			fmt.Fprintf(deps.Out, "syncing %s ...\n", spec)
		}
		out := syncs.Run(ctx, []syncs.Spec{spec}, deps, ev)[0]
		if out.Err != nil {
			// redacted text, not wrapped: the target's error may quote a secret
			out.Err = fmt.Errorf("%s", o.Report.Redact(out.Err.Error()))
			o.Report.Annotate(ci.Error, fmt.Sprintf("sync %s failed: %v", spec, out.Err))
		}
		outcomes = append(outcomes, out)
	}
	return outcomes
}

// readOnce reads the remote's refs once for the steps before the push
// (promotion control, then Apply's plan), or hands on the state the run
// read already.
type readOnce struct {
	Git
	state *gitref.RemoteState
}

func (r *readOnce) ReadRemote(ctx context.Context) (gitref.RemoteState, error) {
	if r.state != nil {
		return *r.state, nil
	}
	st, err := r.Git.ReadRemote(ctx)
	if err == nil {
		r.state = &st
	}
	return st, err
}

// owed is what a recorded release still owes: a failed sync (exit 3) comes
// first; dropped hotfixes fail the step only when required (exit 1).
func owed(res Result, requireBackports bool) error {
	var failed []string
	for _, o := range res.Synced {
		if o.Err != nil {
			failed = append(failed, o.Spec.String())
		}
	}
	if len(failed) > 0 {
		return fault.Failedf("release %s is recorded, but sync failed for %s: fix the cause and run the release again; it re-sends every target",
			res.Record.Build, strings.Join(failed, ", "))
	}
	if requireBackports && len(res.Dropped) > 0 {
		return fault.Refusedf("release %s is recorded, but it lacks %d hotfix commit(s) of earlier releases", res.Record.Build, len(res.Dropped))
	}
	if requireBackports && res.DroppedUnknown != "" {
		return fault.Failedf("release %s is recorded, but --require-backports could not be honoured: whether it drops hotfix commits of "+
			"earlier releases is unknown (%s); run hotlane check --commit %s where the history can be read", res.Record.Build, res.DroppedUnknown, res.Record.Commit)
	}
	return nil
}

// Outputs are a release's outputs (docs/contract.md): the release in force and the
// one before it. A rollback hands on the same seven, from its target.
func Outputs(now ledger.Entry, before *ledger.Entry) []ci.Output {
	out := []ci.Output{
		{Name: "release", Value: now.Record.Build}, {Name: "tag", Value: now.Tag}, {Name: "lane", Value: now.Record.Lane},
		{Name: "commit", Value: now.Commit},
		{Name: "previous-release"}, {Name: "previous-tag"}, {Name: "previous-commit"},
	}
	if before != nil {
		out[4].Value, out[5].Value, out[6].Value = before.Record.Build, before.Tag, before.Commit
	}
	return out
}

// Outputs are this release's outputs, and the count of dropped hotfixes
// when they were looked for ("unknown" when the check could not decide).
func (r Result) Outputs() []ci.Output {
	out := Outputs(ledger.Entry{Tag: r.Tag, Commit: r.Record.Commit, Record: r.Record}, r.Previous)
	switch {
	case r.DroppedChecked:
		out = append(out, ci.Output{Name: "dropped", Value: fmt.Sprint(len(r.Dropped))})
	case r.DroppedUnknown != "":
		out = append(out, ci.Output{Name: "dropped", Value: DroppedUnknown})
	}
	return out
}
