package cli

import (
	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/markbad"
)

func (a *App) newMarkBadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mark-bad BUILD --reason TEXT",
		Short: "Record that a release is bad (who, when, why), so rollback and status skip it",
		Long: `mark-bad pushes an auditable record that release BUILD is bad: an annotated tag
hotlane-bad/<release tag> whose message says who marked it, when and why. The release tag is
never moved or deleted. Marking a release again changes nothing.`,
		Example: `  hotlane mark-bad 44 --reason "checkout returns 500 for EU customers"`,
		Args:    cobra.ExactArgs(1),
	}
	addStringFlags(cmd.Flags(), ledgerFlags())
	addStringFlags(cmd.Flags(), []flagDef{{"reason", "why the release is bad (required)"}, gitTimeoutFlag})
	cmd.Flags().Bool("dry-run", false, "print the plan and change nothing")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		s, err := a.loadSettings(cmd, []string{"text"})
		if err != nil {
			return err
		}
		res, err := markbad.Run(cmd.Context(), markbad.Options{Ledger: ledgerOptions(s), Report: a.reporter(a.platform(s)),
			Build: args[0], Reason: s.Reason, Actor: s.Actor, Now: a.Now().UTC().Truncate(1e9), DryRun: s.DryRun})
		if err != nil {
			return err
		}
		return markbad.Render(a.IO.Out, res)
	}
	return cmd
}
