package cli

import (
	"context"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/policyio"
)

// applyPolicy reads the policy in force, the main line's .hotlane.yml
// (package policyio; through the GitHub API where the command would use
// it, viaAPI; offlineHint: the command takes --offline), and gives the
// settings its defaults by config's precedence: the one place where every
// command's settings meet the file, before the command changes anything.
// The policy is kept for the use cases that apply its waivers, retired
// lanes and promotion rule.
func (a *App) applyPolicy(ctx context.Context, s config.Settings, viaAPI, offlineHint bool) (config.Settings, error) {
	o := policyio.Options{Repo: s.Repo, Remote: s.Remote, Credentials: credentials(s), Main: s.Main, MainGiven: s.Given["MAIN"], Fallback: config.FallbackMain,
		Offline: s.Offline, OfflineHint: offlineHint, GitTimeout: s.GitTimeout}
	if viaAPI {
		o.Reach = a.reach
	}
	pol, err := policyio.Read(ctx, o)
	sp := a.speaker(s)
	sp.Protect(pol.Secrets...)
	for _, note := range pol.Notes {
		sp.Annotate(ci.Warning, note)
	}
	if err != nil {
		return s, err
	}
	if s.Main == "" && pol.Commit != "" {
		s.Main = pol.Branch // the main line in force, as the remote names it
	}
	a.policy = pol
	return config.WithPolicy(s, pol.File.Defaults, pol.Describe())
}
