package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backportpr"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
)

func (a *App) newBackportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backport",
		Short: "Open (or update) a pull request per lane with missing hotfixes, or print the git commands",
		Long: `backport runs the gate's analysis and, for each lane whose hotfix commits the main line
lacks, opens one pull request from the lane into the main line whose body lists the missing
commits; on a re-run it updates that pull request instead of opening a second. It needs a
GitHub repository (GITHUB_REPOSITORY or a GitHub remote) and a token with pull-requests:
write. Anywhere else it prints the exact git commands that backport the commits.`,
		Example: `  hotlane backport
  hotlane backport --dry-run`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), repoFlags)
	addStringFlags(cmd.Flags(), []flagDef{
		{"mode", "github (pull requests), git (print git commands) or auto (default: pull requests when the remote is on GitHub and a token is set)"},
		{"github-api-url", "GitHub API URL (default: GITHUB_API_URL, else https://api.github.com)"},
		{"github-repository", "OWNER/NAME on GitHub (default: GITHUB_REPOSITORY, else the remote URL)"},
		{"http-timeout", "time limit of one HTTP request to GitHub or a sync target; failed requests are retried (default 30s)"},
	})
	cmd.Flags().Bool("dry-run", false, "print what would be opened or updated, and change nothing")
	addGateFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, []string{"text"})
		if err != nil {
			return err
		}
		return a.runBackport(cmd.Context(), s)
	}
	return cmd
}

func (a *App) runBackport(ctx context.Context, s config.Settings) error {
	platform := a.platform(s)
	res, err := backportpr.Run(ctx, backportpr.Options{Gate: gateOptions(s, s.Commit), GitHub: githubAccess(s), DryRun: s.DryRun, Report: a.reporter(platform)})
	if err != nil && !res.API {
		platform.Annotate(ci.Error, a.redact(err.Error()))
		return err
	}
	if rerr := backportpr.Render(a.IO.Out, res); rerr != nil {
		return rerr
	}
	return err
}
