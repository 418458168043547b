package cli

import (
	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/rollback"
	"github.com/hotlane/hotlane/internal/status"
)

func (a *App) loadSettings(cmd *cobra.Command, formats []string) (config.Settings, error) {
	return config.Load(config.Sources{Flags: setFlags(cmd.Flags()), Env: a.Env, Formats: formats})
}

func (a *App) newStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "What is in production now, the previous releases, and each lane's pending backports",
		Long: `status reads the release ledger (the release tags and their records, and the marks of bad
releases) and prints what is in production now, the releases before it, each lane with the
number of its hotfix commits that the main line still lacks, and which lane the hotfix-dev
environment mirrors (the current release's).`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), repoFlags)
	addStringFlags(cmd.Flags(), []flagDef{{"format", "text, json or markdown (default \"text\")"}})
	addGateFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, status.Formats)
		if err != nil {
			return err
		}
		platform := a.platform(s)
		res, err := status.Run(cmd.Context(), status.Options{Ledger: ledgerOptions(s), Gate: gateOptions(s, s.Commit), Report: a.reporter(platform)})
		if err != nil {
			return err
		}
		return status.Render(a.IO.Out, s.Format, res)
	}
	return cmd
}

func (a *App) newRollbackCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Resolve the previous approved release, for the pipeline to redeploy",
		Long: `rollback finds the release to return to: --to BUILD, or the latest release before the one in
production that is not marked bad (and is not itself a rollback away from a bad release). It
prints and outputs its commit and tag; the pipeline redeploys that commit and then records it
with 'hotlane release --commit <commit> --rollback-of <current build>'. It changes nothing.`,
		Example: `  hotlane rollback
  hotlane rollback --to 41`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), ledgerFlags())
	addStringFlags(cmd.Flags(), []flagDef{{"env-file", "also write the outputs to this file"}, {"env-file-format", "properties or dotenv"},
		{"to", "the build to roll back to (default: the previous approved release)"}, gitTimeoutFlag})
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, []string{"text"})
		if err != nil {
			return err
		}
		platform := a.platform(s)
		res, err := rollback.Run(cmd.Context(), rollback.Options{Ledger: ledgerOptions(s), Report: a.reporter(platform),
			To: s.To, Lanes: s.BranchTemplate, Build: s.Build})
		if err != nil {
			return err
		}
		if err := rollback.Render(a.IO.Out, res); err != nil {
			return err
		}
		return a.writeOutputs(platform, s, res.Outputs())
	}
	return cmd
}

// ledgerOptions say which ledger the settings read.
func ledgerOptions(s config.Settings) ledgerio.Options {
	return ledgerio.Options{Repo: s.Repo, Remote: s.Remote, Credentials: credentials(s), Tags: s.TagTemplate,
		Environment: s.Environment, GitTimeout: s.GitTimeout}
}
