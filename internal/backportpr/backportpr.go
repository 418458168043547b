// Package backportpr owns "hotlane backport": for each lane whose hotfix
// commits the main line lacks, one pull request from the lane into the
// main line (opened, or updated on a re-run) when the repository is on
// GitHub (access's one rule), else the git commands that backport them.
package backportpr

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/access"
	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/report"
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
	Gate   gate.Options
	GitHub access.GitHub
	DryRun bool
	Report Reporter
}

// Pull is one lane's pull request, opened, updated or planned.
type Pull struct {
	Lane, Title string
	Number      int
	URL         string
	Created     bool
}

// Result is what backport found and did.
type Result struct {
	Main   string
	Remote string
	Owing  []backport.LaneReport
	API    bool   // pull requests; false: the git commands
	Pulls  []Pull // with DryRun, the planned ones (no number)
	DryRun bool
}

// Run runs the gate and opens or updates a pull request per owing lane.
// Lanes whose pull request fails are named in the error (exit 3); the
// others are done.
func Run(ctx context.Context, o Options) (Result, error) {
	g, err := gate.Run(ctx, o.Gate)
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
		p := Pull{Lane: l.Lane, Title: fmt.Sprintf("Backport %s into %s (%d missing hotfix commit(s))", l.Lane, res.Main, len(l.Missing()))}
		if !o.DryRun {
			pr, err := client.OpenOrUpdatePull(ctx, l.Lane, res.Main, p.Title, body(rep.Candidate, res.Main, l))
			if err != nil {
				failed = append(failed, l.Lane)
				o.Report.Annotate(ci.Error, err.Error())
				continue
			}
			p.Number, p.URL, p.Created = pr.Number, pr.URL, pr.Created
		}
		res.Pulls = append(res.Pulls, p)
	}
	o.Report.Annotate(ci.Notice, TokenNote)
	if len(failed) > 0 {
		return res, exit.Failuref("could not open or update the pull requests of %s (the others are done): run hotlane backport again after fixing the cause", strings.Join(failed, ", "))
	}
	return res, nil
}

// body is a lane's pull request description: its gate report, and how to
// finish the backport.
func body(candidate, main string, l backport.LaneReport) string {
	return report.Markdown(backport.Report{Candidate: candidate, Main: main, Lanes: []backport.LaneReport{l}}, 200) +
		"\n---\nOpened by `hotlane backport`. Merging this pull request brings every commit of the lane into " + main +
		"; cherry-picking the listed commits with `-x` works too. Re-running `hotlane backport` updates this description.\n"
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
				fmt.Fprintf(&b, "would open or update: %s\n", n(p.Title))
				continue
			}
			fmt.Fprintf(&b, "%s pull request #%d for %s: %s\n", verb, p.Number, n(p.Lane), n(p.URL))
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
			fmt.Fprintf(b, "%s   # %s\n", backport.BackportCommand(v.Commit.SHA), n(v.Commit.Subject))
		}
		fmt.Fprintf(b, "git push %s %s   # then open a pull request into %s\n\n", r.Remote, n(branch), n(r.Main))
	}
}
