package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/access"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gitops"
	"github.com/hotlane/hotlane/internal/httpx"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/release"
	"github.com/hotlane/hotlane/internal/syncs"
)

var releaseFlags = []flagDef{
	{"source-branch", "branch the deployed commit came from (default: the CI's branch)"},
	{"pipeline-url", "URL of this pipeline run, for the record (default: from the CI)"},
	{"format", "output format: text or json (default \"text\")"},
	{"env-file", "also write the outputs to this file as KEY=value lines (Jenkins readProperties, GitLab dotenv)"},
	{"env-file-format", "properties (Java, for Jenkins) or dotenv (default: dotenv on GitLab, else properties)"},
	{"mode", "git (push over git), github (the GitHub API, no clone needed) or auto (default: the API when the remote is on GitHub and a token is set)"},
	{"github-api-url", "GitHub API URL (default: GITHUB_API_URL, else https://api.github.com; GHES: https://HOST/api/v3)"},
	{"github-repository", "OWNER/NAME on GitHub (default: GITHUB_REPOSITORY, else the remote URL)"},
	{"http-timeout", "time limit of one HTTP request to GitHub or a sync target; failed requests are retried (default 30s)"},
	{"sync-timeout", "time limit of a command=... sync target (default 10m)"},
	{"rollback-of", "the build this release rolls back (hotlane rollback prints it), for the record"},
	{"git-timeout", "time limit of reading the remote and pushing to it (default 5m)"},
}

func (a *App) newReleaseCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "release",
		Short: "Tag the deployed commit and create its hotfix lane (run after a production deploy)",
		Long: `Run this right after a production deploy. It creates, at the deployed commit:
  - the annotated release tag (default prod-{build}), whose message records the build,
    environment, commit, lane, source branch, pipeline URL, actor and time;
  - the hotfix lane (default hotfix/{build}), where a fix for production can start at once;
and pushes both in one push (atomic where the remote allows). Nothing is ever forced.

Running it again for the same build and commit changes nothing and exits 0, also after
hotfixes were pushed to the lane. A tag or lane that exists elsewhere is a conflict: exit 3,
nothing changed, both commits named.

Outputs (GitHub step outputs, Azure output variables, --env-file): release, tag, lane,
commit, previous-release, previous-tag, previous-commit.`,
		Example: `  # GitHub Actions, Jenkins, Azure DevOps, GitLab: the build number and commit come from the CI
  hotlane release

  # anywhere else
  hotlane release --build 43 --commit v2.3.0

  # see what would happen, change nothing
  hotlane release --build 43 --dry-run`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), repoFlags)
	addStringFlags(cmd.Flags(), releaseFlags)
	cmd.Flags().Bool("dry-run", false, "print the plan and change nothing")
	cmd.Flags().Bool("no-check", false, "do not check whether the release drops hotfixes that earlier releases had")
	cmd.Flags().Bool("require-backports", false, "exit 1 when the release drops hotfixes that earlier releases had")
	cmd.Flags().StringArray("sync", nil, "tell the hotfix-dev environment (repeatable): github-deployment[=ENV], github-variable[=ENV:NAME], webhook=URL, command=CMD, jenkins=JOB_URL, azure-pipeline=ID")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := config.Load(config.Sources{Flags: setFlags(cmd.Flags()), Env: a.Env, Formats: []string{"text", "json"}, NeedBuild: true})
		if err != nil {
			return err
		}
		return a.runRelease(cmd.Context(), s)
	}
	return cmd
}

func (a *App) runRelease(ctx context.Context, s config.Settings) error {
	platform := a.platform(s)
	o := release.Options{
		Repo: s.Repo, Remote: s.Remote, Credentials: credentials(s), GitHub: githubAccess(s), Commit: s.Commit,
		Record: record.Record{Build: s.Build, Environment: s.Environment, Source: s.SourceBranch,
			Pipeline: s.PipelineURL, Actor: s.Actor, Time: a.Now().UTC().Truncate(1e9), RollbackOf: s.RollbackOf},
		TagTemplate: s.TagTemplate, LaneTemplate: s.BranchTemplate, DryRun: s.DryRun, GitTimeout: s.GitTimeout,
		RequireBackports: s.RequireBackports, Sync: s.Sync, SyncDeps: a.syncDeps(s), Report: a.reporter(platform),
	}
	if !s.NoCheck {
		g := gateOptions(s, "")
		o.Dropped = &g
	}
	endGroup := platform.Group("hotlane release " + s.Build)
	res, err := release.Run(ctx, o)
	if err != nil {
		endGroup()
		platform.Annotate(ci.Error, a.redact(err.Error()))
		return err
	}
	for _, m := range capForGitHub(platform, res.Dropped, "more hotfix commits are missing from production: run hotlane check") {
		platform.Annotate(ci.Warning, m)
	}
	err = release.Render(a.IO.Out, s.Format, res)
	endGroup()
	if err != nil || s.DryRun {
		return err
	}
	platform.TagBuild(res.Tag)
	if err := a.writeOutputs(platform, s, res.Outputs()); err != nil {
		return err
	}
	return res.Owed
}

// syncDeps are what the sync targets need, from the settings in force.
func (a *App) syncDeps(s config.Settings) syncs.Deps {
	return syncs.Deps{
		HTTP: httpx.Client(access.HTTPPolicy(s.HTTPTimeout)), WebhookSecret: s.WebhookSecret, JenkinsUser: s.JenkinsUser,
		JenkinsToken: s.JenkinsToken, AzureToken: s.AzureToken, AzureCollectionURI: s.AzureCollection, AzureProject: s.AzureProject,
		CommandTimeout: s.SyncTimeout, BaseEnv: environList(a.Env), Out: a.IO.Err,
	}
}

// platform is the CI adapter for the settings in force, with every secret
// masked before anything else is written.
func (a *App) platform(s config.Settings) ci.Platform {
	p := ci.New(s.CI, s.CIFiles, a.commandStream(s.Format), a.IO.Err)
	a.protect(p, s.Secrets...)
	// credentials inside sync target URLs (a webhook's ?token=, a password)
	urls := gitops.NewRedactor()
	for _, spec := range s.Sync {
		urls.AddURL(spec.Arg)
	}
	a.protect(p, urls.Secrets()...)
	return p
}

// commandStream is where CI commands (masks, outputs, annotations, groups)
// go: stdout, beside the text report; with --format json, stderr, so that
// stdout stays one JSON document. Both runners read commands from either.
func (a *App) commandStream(format string) io.Writer {
	if format == "json" {
		return a.raw.Err
	}
	return a.raw.Out
}

// protect registers secrets (a token, a password in a URL): each is masked
// in the CI log once, and redacted from everything hotlane prints.
func (a *App) protect(platform ci.Platform, secrets ...string) {
	for _, secret := range secrets {
		if secret == "" || a.secrets.Has(secret) {
			continue
		}
		a.secrets.Add(secret)
		if a.secrets.Has(secret) { // long enough to be one
			platform.Mask(secret)
		}
	}
}

// reporter is a use case's voice in the CI: its annotations redacted, the
// secrets it finds masked.
type reporter struct {
	a        *App
	platform ci.Platform
}

func (a *App) reporter(p ci.Platform) reporter { return reporter{a, p} }

func (r reporter) Annotate(level ci.Level, msg string) { r.platform.Annotate(level, r.a.redact(msg)) }
func (r reporter) Protect(secrets ...string)           { r.a.protect(r.platform, secrets...) }
func (r reporter) Redact(text string) string           { return r.a.redact(text) }

// writeOutputs hands outputs to the CI and to --env-file. A missing output
// channel is reported, but the refs are already pushed, so it does not
// undo or fail the release unless the env file that was asked for cannot
// be written.
func (a *App) writeOutputs(platform ci.Platform, s config.Settings, outputs []ci.Output) error {
	var failed []string
	for _, o := range outputs {
		if err := platform.SetOutput(o.Name, o.Value); err != nil {
			platform.Annotate(ci.Warning, err.Error())
			if platform.Name() == ci.GitHub && s.CIFiles.Output == "" {
				break // no output channel at all: said once
			}
			failed = append(failed, o.Name) // the others are still written
		}
	}
	var envErr error
	if s.EnvFile != "" {
		if envErr = ci.WriteEnvFile(s.EnvFile, s.EnvFileFormat, outputs); envErr == nil {
			fmt.Fprintf(a.IO.Err, "outputs written to %s\n", s.EnvFile)
		}
	}
	switch {
	case envErr != nil:
		return exit.Failuref("the release is recorded, but %v: the outputs are missing from %s (re-running the release writes them)", envErr, s.EnvFile)
	case len(failed) > 0:
		return exit.Failuref("the release is recorded, but the output(s) %s could not be written for the CI (see the warnings); re-running the release writes them", strings.Join(failed, ", "))
	}
	return nil
}

func environList(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for _, k := range ci.SortedKeys(env) {
		out = append(out, k+"="+env[k])
	}
	return out
}
