package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/markbad"
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
			res, err := status.Run(cmd.Context(), status.Options{Ledger: ledgerOptions(s), Tags: s.Tags, Only: s.Given["ENVIRONMENT"],
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
		flags: ledgerFlags + " to env-file env-file-format", formats: rollback.Formats, policy: true,
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			sp := a.speaker(s)
			res, err := rollback.Run(cmd.Context(), rollback.Options{Ledger: ledgerOptions(s), Report: sp, To: s.To, Lanes: s.BranchTemplate, Build: s.Build})
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
			res, err := markbad.Run(cmd.Context(), markbad.Options{Ledger: ledgerOptions(s), Report: sp,
				Build: args[0], Reason: s.Reason, Actor: s.Actor, Now: a.Now().UTC().Truncate(1e9), DryRun: s.DryRun})
			if err != nil {
				return err
			}
			sp.SummaryOf(func(w io.Writer) error { return markbad.Render(w, "markdown", res) })
			return markbad.Render(a.IO.Out, s.Format, res)
		},
	})
}
