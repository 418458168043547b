package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backportpr"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/progress"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/report"
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
	// promotion control applies where the check gates a release
	if applies, why := promotion.GatesRelease(s.Given["ENVIRONMENT"], s.RequireReleasedIn != nil, s.PullRequest); applies {
		o.PromotionTo = s.Environment // the candidate is to be released there
	} else if len(promotion.Rule(s.RequireReleasedIn, a.policy.File, s.Environment)) > 0 {
		sp.Annotate(ci.Notice, "promotion control not applied: "+why)
	}
	meter := progress.For(a.raw.Err, s.CI != ci.None, a.Now)
	o.Progress = meter
	res, err := gate.Run(cmd.Context(), o)
	meter.Finish("backport gate", a.IO.Err, res.Tally())
	sp.Protect(res.Secrets...)
	for _, note := range res.Notes {
		sp.Annotate(ci.Warning, note)
	}
	if err != nil {
		sp.Annotate(ci.Error, err.Error())
		return err
	}
	out, err := report.Render(s.Format, res.Report)
	if err != nil {
		return exit.Failuref("render the report: %v", err)
	}
	if s.Format == "text" || s.Format == "" {
		// the evidence of each lane folded where the CI can fold a section
		err = report.WriteText(a.IO.Out, res.Report, sp.Platform().Group)
	} else {
		_, err = a.IO.Out.Write(out)
	}
	if err != nil {
		return err
	}
	if s.Output != "" {
		if err := report.WriteFile(s.Output, out); err != nil {
			return exit.Failuref("write the report to %s: %v", s.Output, err)
		}
	}
	sp.GateFindings(res.Report)
	return checkVerdict(res, sp)
}

// checkVerdict is the gate's exit: a promotion refusal and missing
// hotfixes are both exit 1, and both are said.
func checkVerdict(res gate.Result, sp *speaker.Speaker) error {
	missing := res.Report.Summary().Missing
	switch {
	case res.Refusal != nil && missing > 0:
		sp.Annotate(ci.Error, res.Refusal.Error())
		return exit.WithCode(exit.Missing, fmt.Errorf("%w; and %d hotfix commit(s) are missing from the candidate", res.Refusal, missing))
	case res.Refusal != nil:
		sp.Annotate(ci.Error, res.Refusal.Error())
		return res.Refusal
	case missing > 0:
		return exit.WithCode(exit.Missing, fmt.Errorf("%d hotfix commit(s) missing from the candidate", missing))
	}
	return nil
}

func (a *App) newBackportCmd() *cobra.Command {
	return a.newCommand(command{
		use: "backport", short: "Open (or update) a pull request per lane with missing hotfixes, or print the git commands", args: cobra.NoArgs,
		flags: gateFlags + " dry-run " + githubFlags, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			sp := a.speaker(s)
			res, err := backportpr.Run(cmd.Context(), backportpr.Options{Gate: a.gateOptions(s, s.Commit), GitHub: githubAccess(s), DryRun: s.DryRun, Report: sp})
			if err != nil && !res.API {
				sp.Annotate(ci.Error, err.Error())
				return err
			}
			if rerr := backportpr.Render(a.IO.Out, res); rerr != nil {
				return rerr
			}
			return err
		},
	})
}
