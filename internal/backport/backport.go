// Package backport owns "hotlane backport": for each lane whose hotfix
// commits the main line lacks, one pull request into the main line
// (opened, or updated on a re-run) when the repository is on GitHub
// (access's one rule), else the git commands that backport them. The pull
// request comes from a branch of its own, hotlane/backport/<lane>-to-<main>,
// kept at the lane's tip, never from the lane itself: GitHub's "delete
// head branch" after the merge would delete the lane.
package backport

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/fault"
)

// TokenNote is what a user of the default GITHUB_TOKEN must know.
const TokenNote = "pull requests opened with the default GITHUB_TOKEN do not trigger workflows (GitHub prevents " +
	"recursive runs): to have your checks run on them, give hotlane a GitHub App installation token " +
	"(actions/create-github-app-token) or a fine-grained token with pull-requests: write and contents: read"

// Reporter hears warnings, errors and the secrets found on the way.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
}

// Options are one "hotlane backport".
type Options struct {
	Gate   check.Options
	GitHub access.GitHub
	DryRun bool
	Report Reporter
}

// Pull is one lane's pull request, opened, updated or planned.
type Pull struct {
	Lane, Title string
	// Branch is the pull request's head, a branch of its own at the
	// lane's tip; BranchState what was done to it (ghapi.Branch*).
	Branch, BranchState string
	Number              int
	URL                 string
	Created             bool
}

// HeadBranch is the branch a lane's backport pull request comes from.
func HeadBranch(lane, main string) string { return "hotlane/backport/" + lane + "-to-" + main }

// Result is what backport found and did.
type Result struct {
	Main   string
	Remote string
	Owing  []verdict.LaneReport
	API    bool   // pull requests; false: the git commands
	Pulls  []Pull // with DryRun, the planned ones (no number)
	DryRun bool
}

// Run runs the gate and opens or updates a pull request per owing lane.
// Lanes whose pull request fails are named in the error (exit 3); the
// others are done.
func Run(ctx context.Context, o Options) (Result, error) {
	g, err := check.Run(ctx, o.Gate)
	o.Report.Protect(g.Secrets...)
	for _, note := range g.Notes {
		o.Report.Annotate(ci.Warning, note)
	}
	if err != nil {
		return Result{}, err
	}
	rep := g.Report
	res := Result{Main: cmp.Or(o.Gate.Main, rep.Main), Remote: o.Gate.Remote, Owing: rep.Owing(), DryRun: o.DryRun}
	if len(res.Owing) == 0 || !o.GitHub.UseAPI(g.RemoteURL, true) {
		return res, nil
	}
	res.API = true
	client, err := o.GitHub.Client(g.RemoteURL)
	if err != nil {
		return res, err
	}
	var failed []string
	for _, l := range res.Owing {
		p := Pull{Lane: l.Lane, Branch: HeadBranch(l.Lane, res.Main),
			Title: fmt.Sprintf("Backport %s into %s (%d missing hotfix commit(s))", l.Lane, res.Main, len(l.Missing()))}
		if !o.DryRun {
			if err := openPull(ctx, client, &p, res.Main, body(rep.Candidate, res.Main, l), o.Report); err != nil {
				failed = append(failed, l.Lane)
				o.Report.Annotate(ci.Error, err.Error())
				continue
			}
		}
		res.Pulls = append(res.Pulls, p)
	}
	o.Report.Annotate(ci.Notice, TokenNote)
	if len(failed) > 0 {
		return res, fault.Failedf("could not open or update the pull requests of %s (the others are done): run hotlane backport again after fixing the cause", strings.Join(failed, ", "))
	}
	return res, nil
}

// openPull keeps the pull request's own branch at the lane's tip, then
// opens or updates the pull request from it.
func openPull(ctx context.Context, client *ghapi.Client, p *Pull, main, text string, report Reporter) error {
	tip, ok, err := client.BranchTip(ctx, p.Lane)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("lane %s is not on GitHub: no pull request for it (run hotlane check to see why it was read)", p.Lane)
	}
	if p.BranchState, err = client.SyncBranch(ctx, p.Branch, tip); err != nil {
		return err
	}
	if p.BranchState == ghapi.BranchKept {
		report.Annotate(ci.Warning, fmt.Sprintf("branch %s has commits of its own and lacks the tip of %s (%s): it is left as it is; merge %s into it "+
			"to bring the pull request up to date", p.Branch, p.Lane, tip, p.Lane))
	}
	pr, err := client.OpenOrUpdatePull(ctx, p.Branch, main, p.Title, text)
	if err != nil {
		return err
	}
	p.Number, p.URL, p.Created = pr.Number, pr.URL, pr.Created
	return nil
}

// body is a lane's pull request description: its gate report, and how to
// finish the backport.
func body(candidate, main string, l verdict.LaneReport) string {
	return report.Markdown(verdict.Report{Candidate: candidate, Main: main, Lanes: []verdict.LaneReport{l}}, 200) +
		"\n---\nOpened by `hotlane backport` from `" + HeadBranch(l.Lane, main) + "`, a branch of its own at the tip of `" + l.Lane +
		"` (so deleting the head branch after the merge leaves the lane alone). Merging this pull request brings every commit of the lane into " + main +
		"; cherry-picking the listed commits with `-x` works too. Re-running `hotlane backport` updates this description and moves the branch to the lane's tip.\n"
}

// Render says what backport did, or prints the git commands that
// backport each lane's missing commits onto the main line.
func Render(w io.Writer, r Result) error {
	var b strings.Builder
	n := ci.Neutralize
	switch {
	case len(r.Owing) == 0:
		b.WriteString("Nothing to backport: the main line has every hotfix.\n")
	case r.API:
		for _, p := range r.Pulls {
			verb := map[bool]string{true: "opened", false: "updated"}[p.Created]
			if r.DryRun {
				fmt.Fprintf(&b, "would open or update: %s (from branch %s at the tip of %s)\n", n(p.Title), n(p.Branch), n(p.Lane))
				continue
			}
			fmt.Fprintf(&b, "%s pull request #%d for %s from branch %s (%s): %s\n", verb, p.Number, n(p.Lane), n(p.Branch), p.BranchState, n(p.URL))
		}
	default:
		commands(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func commands(b *strings.Builder, r Result) {
	n := ci.Neutralize
	fmt.Fprintf(b, "To backport the missing hotfix commits onto %s, run:\n\n", n(r.Main))
	for _, l := range r.Owing {
		branch := "backport/" + strings.ReplaceAll(l.Lane, "/", "-")
		fmt.Fprintf(b, "# %s: %d missing\ngit fetch %s\ngit switch -c %s %s/%s\n", n(l.Lane), len(l.Missing()), r.Remote, n(branch), r.Remote, n(r.Main))
		for _, v := range l.Missing() {
			if remedy := verdict.Remedy(v); remedy != verdict.BackportCommand(v.Commit.SHA) {
				// no cherry-pick: it would conflict with a copy main has, or
				// it is a merge's own change
				fmt.Fprintf(b, "# %s %s: %s\n", short(v.Commit.SHA), n(v.Commit.Subject), n(remedy))
				continue
			}
			fmt.Fprintf(b, "%s   # %s\n", verdict.BackportCommand(v.Commit.SHA), n(v.Commit.Subject))
		}
		fmt.Fprintf(b, "git push %s %s   # then open a pull request into %s\n\n", r.Remote, n(branch), n(r.Main))
	}
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
