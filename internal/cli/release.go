package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/release"
	"github.com/hotlane/hotlane/internal/syncs"
)

func (a *App) newReleaseCmd() *cobra.Command {
	return a.newCommand(command{
		use: "release", short: "Tag the deployed commit and create its hotfix lane (run after a production deploy)", args: cobra.NoArgs,
		flags: ledgerFlags + " build commit source-branch pipeline-url rollback-of env-file env-file-format dry-run no-check require-backports lane require-released-in " +
			githubFlags + " sync sync-timeout sync-env",
		formats: release.Formats,
		// the sync targets' secrets have no flag
		secretKeys: []string{"WEBHOOK_SECRET", "JENKINS_USER", "JENKINS_TOKEN"},
		policy:     true, viaAPI: true,
		run: a.runRelease,
	})
}

func (a *App) runRelease(cmd *cobra.Command, s config.Settings, _ []string) error {
	sp := a.speaker(s)
	for _, w := range s.Warnings {
		sp.Annotate(ci.Warning, w)
	}
	o := release.Options{
		Reach: a.reach, RemoteState: a.policy.Remote, Commit: s.Commit,
		Record: record.Record{Build: s.Build, Environment: s.Environment, Source: s.SourceBranch,
			Pipeline: s.PipelineURL, Actor: s.Actor, Time: a.Now().UTC().Truncate(1e9), RollbackOf: s.RollbackOf},
		TagTemplate: s.TagTemplate, BranchTemplate: s.BranchTemplate, DryRun: s.DryRun, GitTimeout: s.GitTimeout,
		NoLane: s.Environment != naming.Production && !s.Lane, Tags: s.Tags, RequireReleasedIn: s.RequireReleasedIn, Policy: a.policy.File,
		RequireBackports: s.RequireBackports, Sync: s.Sync, SyncDeps: a.syncDeps(s), Report: sp,
	}
	if !s.NoCheck {
		g := a.gateOptions(s, "")
		o.Dropped = &g
	}
	endGroup := sp.Platform().Group("hotlane release " + s.Build)
	res, err := release.Run(cmd.Context(), o)
	if err != nil {
		endGroup()
		sp.Annotate(ci.Error, err.Error())
		return err
	}
	sp.AnnotateAll(ci.Warning, res.Dropped, "more hotfix commits are missing from "+s.Environment+": run hotlane check")
	err = release.Render(a.IO.Out, s.Format, res)
	endGroup()
	sp.SummaryOf(func(w io.Writer) error { return release.Render(w, "markdown", res) })
	if err != nil || s.DryRun {
		return err
	}
	sp.Platform().TagBuild(res.Tag)
	if err := sp.WriteOutputs(res.Outputs(), "the release is recorded"); err != nil {
		return err
	}
	return res.Owed
}

// syncDeps are what the sync targets need, from the settings in force. A
// command starts from the environment without hotlane's secrets (config
// decides which), and what it prints is redacted before the guard
// neutralises it.
func (a *App) syncDeps(s config.Settings) syncs.Deps {
	return syncs.Deps{
		HTTP: httpx.Client(s.HTTP), WebhookSecret: s.WebhookSecret, JenkinsUser: s.JenkinsUser,
		JenkinsToken: s.JenkinsToken, AzureToken: s.AzureToken, AzureCollectionURI: s.AzureCollection, AzureProject: s.AzureProject,
		CommandTimeout: s.SyncTimeout, BaseEnv: s.CommandEnv, Out: a.IO.Err, Redact: a.secrets.String,
	}
}
