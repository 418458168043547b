package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/progress"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/speaker"
)

func (a *App) newCheckCmd() *cobra.Command {
	return a.newCommand(command{
		use: "check", short: "The backport gate: fail while any hotfix commit is missing from the release candidate", args: cobra.NoArgs,
		flags: gateFlags + " output require-released-in", formats: report.Formats, policy: true, run: a.runCheck,
	})
}

func (a *App) runCheck(cmd *cobra.Command, s config.Settings, _ []string) error {
	sp := a.speaker(s)
	o := a.gateOptions(s, s.Commit)
	o.RemoteState = a.policy.Remote // the refs the policy's read saw: the remote is read once
	// promotion control applies where the check gates a release
	if applies, why := promotion.GatesRelease(s.Given["ENVIRONMENT"], s.RequireReleasedIn != nil, s.PullRequest); applies {
		o.PromotionTo = s.Environment // the candidate is to be released there
	} else if len(promotion.Rule(s.RequireReleasedIn, a.policy.File, s.Environment)) > 0 {
		sp.Annotate(ci.Notice, "promotion control not applied: "+why)
	}
	meter := progress.For(a.raw.Err, ci.TraitsOf(s.CI).Log, a.Now)
	o.Progress = meter
	res, err := check.Run(cmd.Context(), o)
	meter.Finish("backport gate", a.IO.Err, res.Tally())
	sp.Protect(res.Secrets...)
	for _, note := range res.Notes {
		sp.Annotate(ci.Warning, note)
	}
	if err != nil {
		sp.Annotate(ci.Error, err.Error())
		return err
	}
	if err := a.writeReport(s, res.Report, sp.Platform().Group); err != nil {
		return err
	}
	sp.GateFindings(res.Report)
	return checkVerdict(res, sp)
}

// checkVerdict is the gate's exit: a promotion refusal and missing
// hotfixes are both exit 1, and both are said.
func checkVerdict(res check.Result, sp *speaker.Speaker) error {
	missing := res.Report.Summary().Missing
	switch {
	case res.Refusal != nil && missing > 0:
		sp.Annotate(ci.Error, res.Refusal.Error())
		return &missingBackports{missing: missing, refusal: res.Refusal}
	case res.Refusal != nil:
		sp.Annotate(ci.Error, res.Refusal.Error())
		return res.Refusal
	case missing > 0:
		return &missingBackports{missing: missing}
	}
	return nil
}

// writeReport writes the gate's report. With --output, the file is in
// --format and stdout keeps the text report, so the log always shows the
// MISSING lines and their commands (a JUnit file is for the CI's test
// view, not for reading in a log); without it, stdout is in --format.
func (a *App) writeReport(s config.Settings, rep verdict.Report, group func(title string) (end func())) error {
	if format := stdoutFormat(s); format == "text" {
		// the evidence of each lane folded where the CI can fold a section
		if err := report.WriteText(a.IO.Out, rep, group); err != nil {
			return err
		}
	} else {
		out, err := report.Render(format, rep)
		if err != nil {
			return fault.Failedf("render the report: %w", err)
		}
		if _, err := a.IO.Out.Write(out); err != nil {
			return err
		}
	}
	if s.Output == "" {
		return nil
	}
	file, err := report.Render(s.Format, rep)
	if err != nil {
		return fault.Failedf("render the report: %w", err)
	}
	if err := report.WriteFile(s.Output, file); err != nil {
		return fault.Failedf("write the report to %s: %w (the report is above; the gate's result stands)", s.Output, err)
	}
	fmt.Fprintf(a.IO.Err, "hotlane: the %s report is in %s\n", s.Format, s.Output)
	return nil
}

// stdoutFormat is the format of what a command prints: --format, unless
// --output takes the report in that format to a file.
func stdoutFormat(s config.Settings) string {
	if s.Output != "" {
		return "text"
	}
	return s.Format
}

func (a *App) newBackportCmd() *cobra.Command {
	return a.newCommand(command{
		use: "backport", short: "Open (or update) a pull request per lane with missing hotfixes, or print the git commands", args: cobra.NoArgs,
		flags: gateFlags + " dry-run " + githubFlags, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			sp := a.speaker(s)
			res, err := backport.Run(cmd.Context(), backport.Options{Gate: a.gateOptions(s, s.Commit), GitHub: githubAccess(s), DryRun: s.DryRun, Report: sp})
			if err != nil && !res.API {
				sp.Annotate(ci.Error, err.Error())
				return err
			}
			if rerr := backport.Render(a.IO.Out, res); rerr != nil {
				return rerr
			}
			return err
		},
	})
}
