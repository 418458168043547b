package cli

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/report"
)

// tokenNote is what a user of the default GITHUB_TOKEN must know.
const tokenNote = "pull requests opened with the default GITHUB_TOKEN do not trigger workflows (GitHub prevents " +
	"recursive runs): to have your checks run on them, give hotlane a GitHub App installation token " +
	"(actions/create-github-app-token) or a fine-grained token with pull-requests: write and contents: read"

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
	res, err := a.runGate(ctx, platform, s, s.Commit)
	if err != nil {
		return err
	}
	rep := res.Report
	main := cmp.Or(s.Main, rep.Main)
	owing := rep.Owing()
	if len(owing) == 0 {
		fmt.Fprintln(a.IO.Out, "Nothing to backport: the main line has every hotfix.")
		return nil
	}
	if !useGitHubAPI(s, res.RemoteURL, true) {
		a.printBackportCommands(owing, main, s.Remote)
		return nil
	}
	client, err := githubClient(s, res.RemoteURL)
	if err != nil {
		return err
	}
	var failed []string
	for _, l := range owing {
		missing := len(l.Missing())
		title := fmt.Sprintf("Backport %s into %s (%d missing hotfix commit(s))", l.Lane, main, missing)
		body := report.Markdown(backport.Report{Candidate: rep.Candidate, Main: main, Lanes: []backport.LaneReport{l}}, 200) +
			"\n---\nOpened by `hotlane backport`. Merging this pull request brings every commit of the lane into " + main +
			"; cherry-picking the listed commits with `-x` works too. Re-running `hotlane backport` updates this description.\n"
		if s.DryRun {
			fmt.Fprintf(a.IO.Out, "would open or update: %s\n", ci.Neutralize(title))
			continue
		}
		pr, err := client.OpenOrUpdatePull(ctx, l.Lane, main, title, body)
		if err != nil {
			failed = append(failed, l.Lane)
			platform.Annotate(ci.Error, a.redact(err.Error()))
			continue
		}
		verb := "updated"
		if pr.Created {
			verb = "opened"
		}
		fmt.Fprintf(a.IO.Out, "%s pull request #%d for %s: %s\n", verb, pr.Number, ci.Neutralize(l.Lane), pr.URL)
	}
	platform.Annotate(ci.Notice, tokenNote)
	if len(failed) > 0 {
		return exit.Failuref("could not open or update the pull requests of %s (the others are done): run hotlane backport again after fixing the cause", strings.Join(failed, ", "))
	}
	return nil
}

// printBackportCommands prints the git commands that backport each lane's
// missing commits onto the main line.
func (a *App) printBackportCommands(lanes []backport.LaneReport, main, remote string) {
	fmt.Fprintf(a.IO.Out, "To backport the missing hotfix commits onto %s, run:\n\n", main)
	for _, l := range lanes {
		branch := "backport/" + strings.ReplaceAll(l.Lane, "/", "-")
		fmt.Fprintf(a.IO.Out, "# %s: %d missing\ngit fetch %s\ngit switch -c %s %s/%s\n", ci.Neutralize(l.Lane), len(l.Missing()), remote, branch, remote, main)
		for _, v := range l.Missing() {
			fmt.Fprintf(a.IO.Out, "%s   # %s\n", report.BackportCommand(v.Commit.SHA), ci.Neutralize(v.Commit.Subject))
		}
		fmt.Fprintf(a.IO.Out, "git push %s %s   # then open a pull request into %s\n\n", remote, branch, main)
	}
}
