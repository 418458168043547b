package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/gitops"
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
	eng, err := a.releaseEngine(ctx, platform, s)
	if err != nil {
		return err
	}
	req := release.Request{
		Record: record.Record{Build: s.Build, Environment: s.Environment, Commit: eng.commit, Source: s.SourceBranch,
			Pipeline: s.PipelineURL, Actor: s.Actor, Time: a.Now().UTC().Truncate(1e9), RollbackOf: s.RollbackOf},
		TagTemplate: s.TagTemplate, BranchTemplate: s.BranchTemplate, DryRun: s.DryRun,
	}
	endGroup := platform.Group("hotlane release " + s.Build)
	gitCtx, cancel := context.WithTimeout(ctx, s.GitTimeout)
	res, runErr := release.Run(gitCtx, eng.git, req)
	cancel()
	for _, w := range res.Warnings {
		platform.Annotate(ci.Warning, w)
	}
	if runErr != nil {
		endGroup()
		platform.Annotate(ci.Error, a.redact(runErr.Error()))
		return runErr
	}
	if !s.DryRun && !s.NoCheck && eng.mode == "git" && !s.BranchTemplate.Matches(s.SourceBranch, s.Environment) {
		res.Dropped, res.DroppedChecked = a.droppedHotfixes(ctx, platform, s, eng.commit)
	}
	var synced []syncs.Outcome
	if !s.DryRun {
		synced = a.syncTargets(ctx, platform, s, eng.git.RemoteURL(), res)
	}
	err = a.printRelease(s.Format, res, s.Sync, synced)
	endGroup()
	if err != nil {
		return err
	}
	if s.DryRun {
		return nil
	}
	platform.TagBuild(res.Tag)
	outputs := releaseOutputs(res)
	if res.DroppedChecked {
		outputs = append(outputs, ci.Output{Name: "dropped", Value: fmt.Sprint(len(res.Dropped))})
	}
	if err := a.writeOutputs(platform, s, outputs); err != nil {
		return err
	}
	var failed []string
	for _, o := range synced {
		if o.Err != nil {
			failed = append(failed, o.Spec.String())
		}
	}
	if len(failed) > 0 {
		return exit.Failuref("release %s is recorded, but sync failed for %s: fix the cause and run the release again; it re-sends every target",
			s.Build, strings.Join(failed, ", "))
	}
	if s.RequireBackports && len(res.Dropped) > 0 {
		return exit.WithCode(exit.Missing, fmt.Errorf("release %s is recorded, but it lacks %d hotfix commit(s) of earlier releases", s.Build, len(res.Dropped)))
	}
	return nil
}

// droppedHotfixes runs the backport gate for the deployed commit: the
// deploy has happened, so what it finds is a warning (in the CI's own
// form), not a failure, unless --require-backports. A gate that cannot run
// is a warning too.
func (a *App) droppedHotfixes(ctx context.Context, platform ci.Platform, s config.Settings, commit string) ([]string, bool) {
	o := gateOptions(s, commit)
	o.Before = s.Build // the lanes of earlier releases: this release's own lane comes after it
	res, err := gate.Run(ctx, o)
	if err != nil {
		platform.Annotate(ci.Warning, "could not check whether this release drops hotfixes: "+a.redact(err.Error()))
		return nil, false
	}
	dropped := missingMessages(res.Report, "production now lacks")
	for _, m := range capForGitHub(platform, dropped, "more hotfix commits are missing from production: run hotlane check") {
		platform.Annotate(ci.Warning, m)
	}
	return dropped, true
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

func releaseOutputs(res release.Result) []ci.Output {
	out := []ci.Output{
		{Name: "release", Value: res.Record.Build},
		{Name: "tag", Value: res.Tag},
		{Name: "lane", Value: res.Lane},
		{Name: "commit", Value: res.Record.Commit},
		{Name: "previous-release"}, {Name: "previous-tag"}, {Name: "previous-commit"},
	}
	if p := res.Previous; p != nil {
		out[4].Value, out[5].Value, out[6].Value = p.Build, p.Tag, p.Commit
	}
	return out
}

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
