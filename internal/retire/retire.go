// Package retire owns "hotlane retire": letting a lane go once it is done
// with. A lane whose hotfix commits are all settled on the main line (the
// gate says none is missing) and whose release is current in no
// environment is retired by an annotated tag in hotlane's namespace,
// hotlane-retired/<release tag>/<tip>, at the lane's tip: who, when, why.
// Nothing is deleted or moved; the gate then reads the retirement instead
// of the lane, and the branch may be deleted. Retiring again changes
// nothing; a lane that got commits after its retirement is live again,
// and retiring it again records the new tip under a name of its own.
package retire

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Options are one "hotlane retire".
type Options struct {
	// Ledger is the environment whose release's lane is retired
	// (production's, unless asked).
	Ledger ledgerio.Options
	// Tags are every environment's release tag templates: the release
	// must be current in none of them.
	Tags naming.TagTemplates
	// Gate checks that the lane's hotfixes are settled; its candidate is
	// the remote's main line (fetched first).
	Gate   check.Options
	Report ledgerio.Reporter
	Build  string // the release whose lane is retired
	Reason string
	Actor  string // who retires it; empty: the git identity
	Now    time.Time
	DryRun bool
}

// States of a Result.
const (
	Retired     = "retired"
	Already     = "already retired"
	Meanwhile   = "retired meanwhile by another run"
	WouldRetire = "would retire"
)

// Result is what retiring did.
type Result struct {
	Release ledger.Entry
	Mark    record.Retired // the retirement in force (the earlier one, when Already)
	State   string
	// Settled counts the lane's hotfix commits, all settled on the main
	// line (not known when Already).
	Settled int
	// FromClone says the remote no longer has the lane: the clone's copy
	// was checked and its tip recorded.
	FromClone bool
	Remote    string
}

// Run retires the lane of release o.Build.
func Run(ctx context.Context, o Options) (Result, error) {
	if strings.TrimSpace(o.Reason) == "" {
		return Result{}, fault.Invalidf("--reason is required: say why the lane of release %s is let go (nothing was changed)", o.Build)
	}
	if o.Ledger.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Ledger.GitTimeout)
		defer cancel()
	}
	repo, l, _, err := ledgerio.Open(ctx, o.Ledger, o.Report)
	if err != nil {
		return Result{}, err
	}
	defer func() { _ = repo.Close() }()
	all, _, err := ledger.LoadAll(ctx, repo, o.Tags, o.Ledger.Environment, false) // refreshed by Open
	if err != nil {
		return Result{}, fault.Wrap(fault.Failed, err)
	}
	e, err := release(l, all, o)
	if err != nil {
		return Result{}, err
	}
	res := Result{Release: e, Remote: o.Ledger.Remote}
	state, err := repo.ReadRemote(ctx)
	if err != nil {
		return res, fault.Unavailablef("read the remote %s: %w (nothing was changed)", o.Ledger.Remote, err)
	}
	tip, fromClone, err := laneTip(ctx, repo, state, e.Record.Lane)
	if err != nil {
		return res, err
	}
	res.FromClone = fromClone
	if fromClone {
		o.Report.Annotate(ci.Warning, fmt.Sprintf("the remote %s no longer has lane %s: the clone's copy at %s is checked and recorded",
			o.Ledger.Remote, e.Record.Lane, naming.Short(tip)))
	}
	res.Mark = record.Retired{Build: e.Record.Build, Tag: e.Tag, Lane: e.Record.Lane, Tip: tip, Reason: o.Reason, Time: o.Now}
	if ref, ok := state.Ref("refs/tags/" + res.Mark.TagName()); ok {
		return already(ctx, repo, res, ref)
	}
	if res.Settled, err = settled(ctx, repo, state, o, e.Record.Lane); err != nil {
		return res, err
	}
	tagger := repo.Tagger(o.Now)
	res.Mark.By = cmp.Or(o.Actor, tagger.Name)
	if o.DryRun {
		res.State = WouldRetire
		return res, nil
	}
	return push(ctx, repo, res, tagger)
}

// release finds the release whose lane is to be retired, and refuses
// (exit 1) one that is current in an environment: its lane is where that
// environment's next hotfix goes.
func release(l ledger.Ledger, all map[string]ledger.Ledger, o Options) (ledger.Entry, error) {
	e, ok := l.Find(o.Build)
	if !ok {
		return e, fault.Invalidf("release %s is not in the %s ledger (nothing was changed); its releases, newest first: %s", o.Build, o.Ledger.Environment, l.Newest(10))
	}
	if e.Record.Lane == "" {
		return e, fault.Invalidf("release %s has no lane to retire (its record names none; nothing was changed)", o.Build)
	}
	for _, env := range ledger.WithReleases(all) {
		cur, _ := all[env].Current()
		if cur.Tag == e.Tag || cur.Commit == e.Commit || cur.Record.Source == e.Record.Lane {
			return e, fault.Refusedf("lane %s is not retired: %s runs release %s (%s at %s), so the lane is where its "+
				"next hotfix goes (nothing was changed). Retire it once a later release has replaced it", e.Record.Lane, env, cur.Record.Build, cur.Tag, naming.Short(cur.Commit))
		}
	}
	return e, nil
}

// laneTip is the lane's tip on the remote (fetched), else in the clone
// (fromClone: deleted on the remote, say by "delete head branch").
func laneTip(ctx context.Context, repo *gitrepo.Repo, state gitref.RemoteState, lane string) (tip string, fromClone bool, err error) {
	if _, ok := state.Ref("refs/heads/" + lane); ok {
		tip, err := repo.FetchBranch(ctx, lane)
		if err != nil {
			return "", false, fault.Unavailablef("fetch lane %s: %w (nothing was changed)", lane, err)
		}
		return tip, false, nil
	}
	for _, ref := range []string{"refs/remotes/" + repo.RemoteName() + "/" + lane, "refs/heads/" + lane} {
		if tip := repo.LocalRef(ref); tip != "" {
			return tip, true, nil
		}
	}
	return "", false, fault.Unavailablef("lane %s is neither on the remote %s nor in the clone, so its hotfixes cannot be checked (nothing was changed): "+
		"run hotlane retire in a clone that still has it, or push it back first", lane, repo.RemoteName())
}

// already reports the retirement that is there.
func already(ctx context.Context, repo *gitrepo.Repo, res Result, ref gitref.RemoteRef) (Result, error) {
	res.State = Already
	msg, err := repo.RemoteTagMessage(ctx, ref)
	if err != nil {
		return res, fault.Failedf("read the retirement %s: %w", ref.Name, err)
	}
	if mark, err := record.ParseRetired(msg); err == nil {
		res.Mark = mark
	}
	return res, nil
}

// settled runs the gate against the remote's main line and refuses (exit
// 1) a lane with missing hotfix commits; it returns how many it has.
func settled(ctx context.Context, repo *gitrepo.Repo, state gitref.RemoteState, o Options, lane string) (int, error) {
	g := o.Gate
	main := cmp.Or(g.Main, g.Policy.Branch, state.HeadBranch) // the policy's read found it
	if _, err := repo.FetchBranch(ctx, main); err != nil {
		return 0, fault.Unavailablef("fetch the main line %s: %w (nothing was changed)", main, err)
	}
	g.Main, g.Candidate = main, "refs/remotes/"+repo.RemoteName()+"/"+main
	res, err := check.Run(ctx, g)
	o.Report.Protect(res.Secrets...)
	if err != nil {
		return 0, fmt.Errorf("check the lane's hotfixes: %w", err)
	}
	for _, lr := range res.Report.Lanes {
		if lr.Lane != lane {
			continue
		}
		if missing := lr.Missing(); len(missing) > 0 {
			var lines []string
			for _, v := range missing {
				lines = append(lines, fmt.Sprintf("%s %q", naming.Short(v.Commit.SHA), v.Commit.Subject))
			}
			return 0, fault.Refusedf("lane %s is not retired: %s lacks %d of its hotfix commits (nothing was changed):\n  - %s\n"+
				"Backport them (hotlane backport), or waive them, then retire the lane", lane, main, len(missing), strings.Join(lines, "\n  - "))
		}
		return len(lr.Verdicts), nil
	}
	return 0, fault.Failedf("the backport gate did not read lane %s, so its hotfixes are not known to be settled (nothing was changed)", lane)
}

// push creates the retirement tag at the lane's tip; a run that finds it
// created meanwhile is done too.
func push(ctx context.Context, repo *gitrepo.Repo, res Result, tagger gitref.Signature) (Result, error) {
	var haves []string
	if !res.FromClone {
		haves = []string{res.Mark.Tip}
	}
	meanwhile, err := ledgerio.PushMark(ctx, repo, ledgerio.Mark{Tag: res.Mark.TagName(), Target: res.Mark.Tip, Message: res.Mark.Message(),
		Tagger: tagger, Haves: haves})
	if err != nil {
		return res, fault.Failedf("retire lane %s: %w (nothing was changed)", res.Mark.Lane, err)
	}
	res.State = Retired
	if meanwhile {
		res.State = Meanwhile
	}
	return res, nil
}
