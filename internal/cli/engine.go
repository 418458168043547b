package cli

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/ghapi"
	"github.com/hotlane/hotlane/internal/gitops"
	"github.com/hotlane/hotlane/internal/httpx"
	"github.com/hotlane/hotlane/internal/release"
	"github.com/hotlane/hotlane/internal/syncs"
)

// engine is how a release reaches the remote, and the commit it records.
type engine struct {
	git    release.Git
	commit string
	mode   string // "git" or "github"
}

// useGitHubAPI is the one rule that decides whether a command talks to
// the GitHub API (--mode), for release and backport alike: git never;
// github always; auto when a token is set and the repository is on the
// GitHub in force (GITHUB_SERVER_URL, else github.com): the clone's remote
// is on its host or, with no clone, GITHUB_REPOSITORY names it. So a token
// given for another host (a GitLab remote's) never goes to GitHub unasked.
func useGitHubAPI(s config.Settings, remoteURL string, haveClone bool) bool {
	switch s.Mode {
	case "github":
		return true
	case "auto":
		if s.Token == "" {
			return false
		}
		if haveClone {
			return onGitHub(s, remoteURL)
		}
		return s.GitHubRepository != ""
	}
	return false
}

// onGitHub says the remote is on the GitHub in force.
func onGitHub(s config.Settings, remoteURL string) bool {
	host, _, _, ok := ghapi.ParseRemote(remoteURL)
	return ok && strings.EqualFold(host, hostOf(s.GitHubServerURL))
}

// releaseEngine picks git or the GitHub API by useGitHubAPI.
func (a *App) releaseEngine(ctx context.Context, platform ci.Platform, s config.Settings) (engine, error) {
	repo, openErr := gitops.Open(s.Repo, s.Remote, credentials(s))
	remoteURL := ""
	if openErr == nil {
		remoteURL = repo.RemoteURL()
		a.protect(platform, repo.Secrets()...)
	}
	if !useGitHubAPI(s, remoteURL, openErr == nil) {
		if openErr != nil {
			return engine{}, exit.Usagef("%v (nothing was changed)", openErr)
		}
		commit, err := repo.ResolveCommit(s.Commit)
		if err != nil {
			return engine{}, exit.Usagef("%v (nothing was changed)", err) // bad input: --commit names no commit
		}
		return engine{git: repo, commit: commit, mode: "git"}, nil
	}
	client, err := githubClient(s, remoteURL)
	if err != nil {
		return engine{}, err
	}
	eng := ghapi.NewEngine(client)
	commit, err := eng.ResolveCommit(ctx, s.Commit)
	if err != nil {
		return engine{}, exit.Failuref("%v (nothing was changed)", err)
	}
	return engine{git: eng, commit: commit, mode: "github"}, nil
}

// githubClient is the API client for the repository in force, or a usage
// error saying what is missing.
func githubClient(s config.Settings, remoteURL string) (*ghapi.Client, error) {
	if s.Token == "" {
		return nil, exit.Usagef("the GitHub API needs a token: pass --token or set GITHUB_TOKEN (nothing was changed)")
	}
	owner, name, ok := strings.Cut(s.GitHubRepository, "/")
	if !ok {
		// the remote names the repository only if it is on the GitHub in force
		if _, owner, name, ok = ghapi.ParseRemote(remoteURL); !ok || !onGitHub(s, remoteURL) {
			return nil, exit.Usagef("which GitHub repository? pass --github-repository OWNER/NAME or set GITHUB_REPOSITORY (nothing was changed)")
		}
	}
	c, err := ghapi.New(s.GitHubAPIURL, s.Token, owner, name, httpPolicy(s))
	if err != nil {
		return nil, exit.Usagef("%v", err)
	}
	return c, nil
}

// httpPolicy is httpx's default with the per-request timeout in force.
func httpPolicy(s config.Settings) httpx.Policy {
	p := httpx.DefaultPolicy
	p.PerTry = s.HTTPTimeout
	if p.Total < 4*p.PerTry {
		p.Total = 4 * p.PerTry
	}
	return p
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// syncTargets tells the hotfix-dev environment about the release. A
// failed target is reported and fails the step (exit 3), but never undoes
// the release; re-running the release sends every target again.
func (a *App) syncTargets(ctx context.Context, platform ci.Platform, s config.Settings, remoteURL string, res release.Result) []syncs.Outcome {
	if len(s.Sync) == 0 {
		return nil
	}
	deps := syncs.Deps{
		HTTP: httpx.Client(httpPolicy(s)), WebhookSecret: s.WebhookSecret, JenkinsUser: s.JenkinsUser, JenkinsToken: s.JenkinsToken,
		AzureToken: s.AzureToken, AzureCollectionURI: s.AzureCollection, AzureProject: s.AzureProject,
		CommandTimeout: s.SyncTimeout, BaseEnv: environList(a.Env), Out: a.IO.Err,
	}
	if c, err := githubClient(s, remoteURL); err == nil {
		deps.GitHub = c
	}
	ev := syncs.Event{Record: res.Record, Tag: res.Tag, Lane: res.Lane}
	var outcomes []syncs.Outcome
	for _, spec := range s.Sync {
		fmt.Fprintf(a.IO.Err, "syncing %s ...\n", ci.Neutralize(spec.String()))
		o := syncs.Run(ctx, []syncs.Spec{spec}, deps, ev)[0]
		if o.Err != nil {
			o.Err = fmt.Errorf("%s", a.redact(o.Err.Error()))
			platform.Annotate(ci.Error, fmt.Sprintf("sync %s failed: %v", spec, o.Err))
		}
		outcomes = append(outcomes, o)
	}
	return outcomes
}

func environList(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for _, k := range ci.SortedKeys(env) {
		out = append(out, k+"="+env[k])
	}
	return out
}
