package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/markbad"
	"github.com/hotlane/hotlane/internal/retire"
	"github.com/hotlane/hotlane/internal/rollback"
	"github.com/hotlane/hotlane/internal/status"
)

// The commands that read the release ledger.

func (a *App) newStatusCmd() *cobra.Command {
	return a.newCommand(command{
		use: "status", short: "What is in production now, the previous releases, and each lane's pending backports", args: cobra.NoArgs,
		flags: gateFlags, formats: status.Formats, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			sp := a.speaker(s)
			res, err := status.Run(cmd.Context(), status.Options{Ledger: a.ledgerOptions(s), Tags: s.Tags, Only: s.Given["ENVIRONMENT"],
				Gate: a.gateOptions(s, s.Commit), Report: sp})
			if err != nil {
				return err
			}
			sp.SummaryOf(func(w io.Writer) error { return status.Render(w, "markdown", res) })
			return status.Render(a.IO.Out, s.Format, res)
		},
	})
}

func (a *App) newRollbackCmd() *cobra.Command {
	return a.newCommand(command{
		use: "rollback", short: "Resolve the previous approved release, for the pipeline to redeploy", args: cobra.NoArgs,
		flags: ledgerFlags + " to offline env-file env-file-format", formats: rollback.Formats, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			sp := a.speaker(s)
			res, err := rollback.Run(cmd.Context(), rollback.Options{Ledger: a.ledgerOptions(s), Tags: s.Tags, Report: sp, To: s.To, Lanes: s.BranchTemplate, Build: s.Build})
			if err != nil {
				return err
			}
			sp.SummaryOf(func(w io.Writer) error { return rollback.Render(w, "markdown", res) })
			if err := rollback.Render(a.IO.Out, s.Format, res); err != nil {
				return err
			}
			return sp.WriteOutputs(res.Outputs(), "the rollback target is resolved (nothing was changed)")
		},
	})
}

func (a *App) newMarkBadCmd() *cobra.Command {
	return a.newCommand(command{
		use: "mark-bad BUILD --reason TEXT", short: "Record that a release is bad (who, when, why), so rollback and status skip it",
		args: cobra.ExactArgs(1), flags: ledgerFlags + " reason dry-run", formats: markbad.Formats, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, args []string) error {
			sp := a.speaker(s)
			res, err := markbad.Run(cmd.Context(), markbad.Options{Ledger: a.ledgerOptions(s), Report: sp,
				Build: args[0], Reason: s.Reason, Actor: s.Actor, Now: a.Now().UTC().Truncate(1e9), DryRun: s.DryRun})
			if err != nil {
				return err
			}
			sp.SummaryOf(func(w io.Writer) error { return markbad.Render(w, "markdown", res) })
			return markbad.Render(a.IO.Out, s.Format, res)
		},
	})
}

func (a *App) newRetireCmd() *cobra.Command {
	return a.newCommand(command{
		use: "retire BUILD --reason TEXT", short: "Let a settled lane go: record why, so the gate reads the retirement instead of the lane",
		args: cobra.ExactArgs(1), flags: ledgerFlags + " strict reason dry-run", formats: retire.Formats, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, args []string) error {
			sp := a.speaker(s)
			g := a.gateOptions(s, "")
			g.Offline = false // retiring reads the remote: its lanes, its main line
			res, err := retire.Run(cmd.Context(), retire.Options{Ledger: a.ledgerOptions(s), Tags: s.Tags, Gate: g, Report: sp,
				Build: args[0], Reason: s.Reason, Actor: s.Actor, Now: a.Now().UTC().Truncate(1e9), DryRun: s.DryRun})
			if err != nil {
				return err
			}
			sp.SummaryOf(func(w io.Writer) error { return retire.Render(w, "markdown", res) })
			return retire.Render(a.IO.Out, s.Format, res)
		},
	})
}
