package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/report"
)

// githubAnnotationLimit is how many error annotations GitHub shows per
// step; the rest are in the step summary.
const githubAnnotationLimit = 10

var checkFlags = []flagDef{
	{"format", "report format: text, json, markdown or junit (default \"text\")"},
	{"output", "also write the report to this file (a JUnit file for Jenkins' junit step, say)"},
}

func (a *App) newCheckCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "The backport gate: fail while any hotfix commit is missing from the release candidate",
		Long: `Run this in the release pipeline before the production deploy. For every lane (a branch
matching --branch-template) it lists the hotfix commits made since the release tag of the
same build, and decides whether the candidate (--commit, default: the CI's commit, else HEAD)
has each of them:

  merged      the commit is in the candidate's history
  picked      a main-line commit says "(cherry picked from commit X)" or "Backport-Of: X",
              or the hotfix says so of a main-line commit (or of another lane's commit that
              the main line has), or it cites pull requests ("Cherry-pick #N", "(#N)") that
              the main line merged
  equivalent  a main-line commit has the same patch-id (git patch-id --stable)
  squashed    a main-line commit equals the combined change of consecutive lane commits
  reverted    a later commit in the lane reverts it (by sha, or Revert "<subject>")
  adapted     a main-line commit has the same subject (prefixes and "(#N)" aside) and shares a
              path, with another patch: accepted and listed, unless --strict
  waived      "Backport: skip <reason>" in the hotfix, or "Backport-Skip: <sha> <reason>" on main
  missing     none of these: the gate fails (exit 1) and prints the command that backports it

A shallow clone is deepened when the remote allows; otherwise the error names the fix for the
CI in use.`,
		Example: `  hotlane check
  hotlane check --format junit --output hotlane-backports.xml   # Jenkins: junit 'hotlane-backports.xml'
  hotlane check --commit release/2.4 --format markdown`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), repoFlags)
	addStringFlags(cmd.Flags(), checkFlags)
	addGateFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, report.Formats)
		if err != nil {
			return err
		}
		return a.runCheck(cmd.Context(), s)
	}
	return cmd
}

func (a *App) runCheck(ctx context.Context, s config.Settings) error {
	platform := a.platform(s)
	res, err := a.runGate(ctx, platform, s, s.Commit)
	if err != nil {
		return err
	}
	rep := res.Report
	out, err := report.Render(s.Format, rep)
	if err != nil {
		return exit.Failuref("render the report: %v", err)
	}
	if _, err := a.IO.Out.Write(out); err != nil {
		return err
	}
	if s.Output != "" {
		// the file may be shown in a CI log too (a JUnit publisher, cat):
		// it is neutralised as stdout is
		var file bytes.Buffer
		g := ci.NewGuard(&file)
		_, _ = g.Write(out)
		_ = g.Flush()
		if err := os.WriteFile(s.Output, file.Bytes(), 0o644); err != nil {
			return exit.Failuref("write the report to %s: %v", s.Output, err)
		}
	}
	a.speakNatively(platform, rep)
	if missing := rep.Summary().Missing; missing > 0 {
		return exit.WithCode(exit.Missing, fmt.Errorf("%d hotfix commit(s) missing from the candidate", missing))
	}
	return nil
}

// runGate runs the gate for candidate: credentials are redacted from then
// on, the gate's notes become warnings, and a failure an error annotation.
func (a *App) runGate(ctx context.Context, platform ci.Platform, s config.Settings, candidate string) (gate.Result, error) {
	res, err := gate.Run(ctx, gateOptions(s, candidate))
	a.protect(platform, res.Secrets...)
	for _, note := range res.Notes {
		platform.Annotate(ci.Warning, note)
	}
	if err != nil {
		platform.Annotate(ci.Error, a.redact(err.Error()))
	}
	return res, err
}

// speakNatively raises the gate's findings in the CI's own UI: an error
// annotation per missing commit (GitHub shows only the first ten, so the
// full table goes to the step summary), warnings for lane notes and
// problems, and the counts as outputs.
func (a *App) speakNatively(platform ci.Platform, rep backport.Report) {
	for _, l := range rep.Lanes {
		for _, w := range l.Warnings {
			platform.Annotate(ci.Warning, l.Lane+": "+w)
		}
	}
	missing := backport.MissingLines(rep, "the candidate lacks")
	for _, m := range capForGitHub(platform, missing, "more hotfix commits are missing: see the step summary") {
		platform.Annotate(ci.Error, m)
	}
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			if v.Status == backport.Adapted {
				platform.Annotate(ci.Notice, fmt.Sprintf("%s: hotfix %s %q is accepted as adapted by main-line commit %s (same subject, shared paths, another patch); --strict refuses adapted copies",
					l.Lane, naming.Short(v.Commit.SHA), v.Commit.Subject, naming.Short(v.Evidence)))
			}
		}
	}
	for _, p := range rep.Problems {
		platform.Annotate(ci.Warning, p)
	}
	if platform.Name() == ci.GitHub {
		if err := platform.Summary(report.Markdown(rep, 500)); err != nil {
			platform.Annotate(ci.Warning, err.Error())
		}
	}
	s := rep.Summary()
	for _, o := range []ci.Output{{Name: "missing", Value: fmt.Sprint(s.Missing)}, {Name: "commits", Value: fmt.Sprint(s.Commits)}, {Name: "lanes", Value: fmt.Sprint(s.Lanes)}} {
		if err := platform.SetOutput(o.Name, o.Value); err != nil {
			// the report is the gate's answer; a CI output channel that
			// fails is said, and does not change the exit code
			platform.Annotate(ci.Warning, err.Error())
			break
		}
	}
}

// capForGitHub keeps GitHub's annotations within what a step shows: the
// first nine, then one that counts the rest.
func capForGitHub(platform ci.Platform, msgs []string, rest string) []string {
	if platform.Name() != ci.GitHub || len(msgs) <= githubAnnotationLimit {
		return msgs
	}
	n := len(msgs) - (githubAnnotationLimit - 1)
	return append(msgs[:githubAnnotationLimit-1:githubAnnotationLimit-1], fmt.Sprintf("%d %s", n, rest))
}
