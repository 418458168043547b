package cli

import (
	"github.com/hotlane/hotlane/internal/access"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/gitops"
)

// The settings in force, mapped to what the use cases take.

// githubAccess is how the settings reach GitHub.
func githubAccess(s config.Settings) access.GitHub {
	return access.GitHub{Mode: s.Mode, Token: s.Token, APIURL: s.GitHubAPIURL, ServerURL: s.GitHubServerURL,
		Repository: s.GitHubRepository, HTTPTimeout: s.HTTPTimeout}
}

// credentials are the settings' credentials for the git engine.
func credentials(s config.Settings) gitops.Credentials {
	return gitops.Credentials{Token: s.Token, Username: s.Username, SSHKey: s.SSHKey, SSHKeyPassphrase: s.SSHKeyPassphrase}
}

// gateOptions runs the gate for candidate with the settings in force.
func gateOptions(s config.Settings, candidate string) gate.Options {
	return gate.Options{
		Repo: s.Repo, Remote: s.Remote, Main: s.Main, Candidate: candidate, Branches: s.BranchTemplate, Tags: s.TagTemplate,
		Environment: s.Environment, CI: s.CI, Credentials: credentials(s), Offline: s.Offline, GitTimeout: s.GitTimeout, Strict: s.Strict, Given: s.Given,
	}
}
