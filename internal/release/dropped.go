package release

import (
	"context"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/check/lanescan"
	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/ledger"
)

// DroppedUnknown is the dropped output when the check could not decide.
const DroppedUnknown = "unknown"

// checkDropped runs the dropped check when it was asked for (o.Dropped)
// and applies: not in a dry run, nor for a hotfix release (deployed from a
// lane). A check that cannot decide says so in a warning.
func checkDropped(ctx context.Context, o Options, res Result, mode string) Result {
	if o.Dropped == nil || o.DryRun || o.BranchTemplate.Matches(o.Record.Source, o.Record.Environment) {
		return res
	}
	res.Dropped, res.DroppedUnknown = dropped(ctx, o, res, mode)
	res.DroppedChecked = res.DroppedUnknown == ""
	if !res.DroppedChecked {
		o.Report.Annotate(ci.Warning, "whether this release drops hotfix commits that earlier releases of "+o.Record.Environment+
			" had is unknown (output dropped="+DroppedUnknown+"): "+res.DroppedUnknown)
	}
	return res
}

// dropped finds the hotfix commits this release drops (docs/release.md):
// those that an earlier release of the same environment contained (an
// ancestor of its commit) and that the deployed commit lacks (the gate
// says missing). A hotfix commit no release of the environment ever had
// is owed to the main line, which check reports, but is not dropped. It
// reads the history from the clone, in either mode: without one (the
// GitHub API with no checkout) it cannot decide, and says why in unknown.
func dropped(ctx context.Context, o Options, res Result, mode string) (lines []string, unknown string) {
	switch {
	case res.ledgerErr != nil:
		return nil, "the earlier releases could not be read: " + res.ledgerErr.Error()
	case len(res.Earlier) == 0:
		return nil, "" // the first release of the environment drops nothing
	}
	repo := o.Reach.Repo
	if repo == nil {
		return nil, fmt.Sprintf("the release went through the GitHub API without a clone to read the lanes' history from (%v); "+
			"run it in a checkout of the repository with its full history (actions/checkout with fetch-depth: 0)", o.Reach.OpenErr)
	}
	// the gate works on the run's clone and, through git, on the remote's
	// refs as the release left them (the API's listing is not git's)
	g := *o.Dropped
	g.Candidate, g.Clone = res.Record.Commit, repo
	if mode == access.ModeGit {
		g.RemoteState = res.after
	}
	gr, err := check.Run(ctx, g)
	o.Report.Protect(gr.Secrets...)
	if err != nil {
		return nil, "the backport gate could not run: " + err.Error()
	}
	var missing []string
	for _, l := range gr.Report.Lanes {
		for _, v := range l.Missing() {
			missing = append(missing, v.Commit.SHA)
		}
	}
	if len(missing) == 0 {
		return nil, ""
	}
	had, err := heldBefore(ctx, repo, g.GitTimeout, res.Earlier, missing)
	if err != nil {
		return nil, "could not tell which missing hotfix commits an earlier release had: " + err.Error()
	}
	return verdict.MissingLines(onlyHad(gr.Report, had), res.Record.Environment+" now lacks"), ""
}

// heldBefore says which of commits the earlier releases' commits contain,
// fetching the release tags whose commits the clone lacks.
func heldBefore(ctx context.Context, repo *gitrepo.Repo, timeout time.Duration, earlier []ledger.Entry, commits []string) (map[string]bool, error) {
	var from, specs []string
	for _, e := range earlier {
		from = append(from, e.Commit)
		if _, err := repo.Repository().CommitObject(plumbing.NewHash(e.Commit)); err != nil {
			specs = append(specs, "+refs/tags/"+e.Tag+":refs/hotlane/peel/tags/"+e.Tag)
		}
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := repo.FetchRefs(ctx, specs); err != nil {
		return nil, fmt.Errorf("fetch the earlier releases: %w", err)
	}
	h, err := lanescan.New(repo.Repository())
	if err != nil {
		return nil, err
	}
	defer func() { _ = h.Close() }()
	return h.Reachable(from, commits)
}

// onlyHad keeps, of the report's missing verdicts, those in had.
func onlyHad(rep verdict.Report, had map[string]bool) verdict.Report {
	out := verdict.Report{Candidate: rep.Candidate, Main: rep.Main}
	for _, l := range rep.Lanes {
		kept := verdict.LaneReport{Lane: l.Lane, Base: l.Base}
		for _, v := range l.Missing() {
			if had[v.Commit.SHA] {
				kept.Verdicts = append(kept.Verdicts, v)
			}
		}
		if len(kept.Verdicts) > 0 {
			out.Lanes = append(out.Lanes, kept)
		}
	}
	return out
}
