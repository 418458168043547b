package cli

import (
	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/scaffold"
)

func (a *App) newInitCmd() *cobra.Command {
	return a.newCommand(command{
		use: "init --ci github|gitlab|azure|jenkins", short: "Write the pipeline steps (gate before the deploy, release after it) and a policy file into this repository",
		args:  cobra.NoArgs,
		flags: "ci repo remote main token username ssh-key ssh-key-passphrase git-timeout branch-template tag-template dry-run force",
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			v, _ := versionInfo()
			o := scaffold.Options{Repo: s.Repo, Remote: s.Remote, Credentials: credentials(s), GitTimeout: s.GitTimeout,
				CI: s.CI, Main: s.Main, Version: v, Force: s.Force, DryRun: s.DryRun}
			if s.Given["BRANCH_TEMPLATE"] {
				o.BranchTemplate = s.BranchTemplate.String()
			}
			if s.Given["TAG_TEMPLATE"] {
				o.TagTemplate = s.TagTemplate.String()
			}
			res, err := scaffold.Run(cmd.Context(), o)
			if err != nil {
				return err
			}
			return scaffold.Render(a.IO.Out, res)
		},
	})
}
