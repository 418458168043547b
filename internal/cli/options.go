package cli

import (
	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/speaker"
)

// The settings in force, mapped to what the use cases take.

// githubAccess is how the settings reach GitHub.
func githubAccess(s config.Settings) access.GitHub {
	return access.GitHub{Mode: s.Mode, Token: s.Token, APIURL: s.GitHubAPIURL, ServerURL: s.GitHubServerURL,
		Repository: s.GitHubRepository, HTTP: s.HTTP}
}

// credentials are the settings' credentials for the git engine.
func credentials(s config.Settings) gitrepo.Credentials {
	return gitrepo.Credentials{Token: s.Token, Username: s.Username, SSHKey: s.SSHKey, SSHKeyPassphrase: s.SSHKeyPassphrase}
}

// gateOptions runs the gate for candidate with the settings and the
// policy in force. The lanes are production's (naming.Production),
// whatever environment the command names; that environment is the one the
// candidate is to be released to, for promotion control.
func (a *App) gateOptions(s config.Settings, candidate string) check.Options {
	return check.Options{
		Repo: s.Repo, Remote: s.Remote, Main: s.Main, Candidate: candidate, BranchTemplate: s.BranchTemplate,
		Tags: s.Tags.For(naming.Production), Environment: naming.Production, CI: s.CI, Credentials: credentials(s),
		Offline: s.Offline, GitTimeout: s.GitTimeout, Strict: s.Strict, Policy: a.policy,
		RequireReleasedIn: s.RequireReleasedIn, AllTags: s.Tags,
	}
}

// speaker is the run's voice in the CI in force, every secret of the
// settings (and of sync target URLs) masked before anything is written.
func (a *App) speaker(s config.Settings) *speaker.Speaker {
	// CI commands go beside the text report; beside any other format (json,
	// junit, markdown), to stderr, which the runners read too: stdout stays
	// one document
	commands := a.raw.Out
	if stdoutFormat(s) != "text" {
		commands = a.raw.Err
	}
	sp := speaker.New(ci.New(s.CI, s.CIFiles, commands, a.IO.Err), a.secrets, a.IO.Err)
	sp.Files = speaker.OutputFiles{EnvFile: s.EnvFile, EnvFileFormat: s.EnvFileFormat, CIFile: s.CIFiles.Output != ""}
	sp.Protect(s.Secrets...)
	urls := gitrepo.NewRedactor() // a webhook's ?token=, a password in a URL
	for _, spec := range s.Sync {
		urls.AddURL(spec.Arg)
	}
	sp.Protect(urls.Secrets()...)
	return sp
}

// ledgerOptions say which ledger the settings read, and (--offline)
// whether the clone's tags are enough.
func (a *App) ledgerOptions(s config.Settings) ledgerio.Options {
	return ledgerio.Options{Repo: s.Repo, Remote: s.Remote, Credentials: credentials(s), Tags: s.TagTemplate,
		Environment: s.Environment, GitTimeout: s.GitTimeout, Offline: s.Offline, Now: a.Now}
}
