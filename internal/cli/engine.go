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
	"github.com/hotlane/hotlane/internal/target"
)

// engine is how a release reaches the remote, and the commit it records.
type engine struct {
	git    release.Git
	commit string
	redact func(string) string
	mode   string // "git" or "github"
}

// releaseEngine picks git or the GitHub API (--mode): auto takes the API
// when the clone's remote is on GitHub (or, with no clone, when
// GITHUB_REPOSITORY names the repository) and a token is available.
func (a *App) releaseEngine(ctx context.Context, platform ci.Platform, s config.Settings) (engine, error) {
	repo, openErr := gitops.Open(s.Repo, s.Remote, credentials(s))
	remoteURL := ""
	if openErr == nil {
		remoteURL = repo.RemoteURL()
		maskNew(platform, s.Secrets, repo.Secrets())
	}
	useAPI := s.Mode == "github"
	if s.Mode == "auto" && s.Token != "" {
		if openErr == nil {
			host, _, _, ok := ghapi.ParseRemote(remoteURL)
			useAPI = ok && strings.EqualFold(host, hostOf(s.GitHubServerURL))
		} else {
			useAPI = s.GitHubRepository != ""
		}
	}
	if !useAPI {
		if openErr != nil {
			return engine{}, exit.Usagef("%v (nothing was changed)", openErr)
		}
		commit, err := repo.ResolveCommit(s.Commit)
		if err != nil {
			return engine{}, exit.Failuref("%v (nothing was changed)", err)
		}
		return engine{git: repo, commit: commit, redact: repo.Redact, mode: "git"}, nil
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
	return engine{git: eng, commit: commit, redact: gitops.NewRedactor(s.Secrets...).String, mode: "github"}, nil
}

// githubClient is the API client for the repository in force, or a usage
// error saying what is missing.
func githubClient(s config.Settings, remoteURL string) (*ghapi.Client, error) {
	if s.Token == "" {
		return nil, exit.Usagef("the GitHub API needs a token: pass --token or set GITHUB_TOKEN (nothing was changed)")
	}
	owner, name, ok := strings.Cut(s.GitHubRepository, "/")
	if !ok {
		if _, owner, name, ok = ghapi.ParseRemote(remoteURL); !ok {
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
func (a *App) syncTargets(ctx context.Context, platform ci.Platform, s config.Settings, remoteURL string, res release.Result) []target.Outcome {
	if len(s.Sync) == 0 {
		return nil
	}
	deps := target.Deps{
		HTTP: httpx.Client(httpPolicy(s)), WebhookSecret: s.WebhookSecret, JenkinsUser: s.JenkinsUser, JenkinsToken: s.JenkinsToken,
		AzureToken: s.AzureToken, AzureCollectionURI: s.AzureCollection, AzureProject: s.AzureProject,
		CommandTimeout: s.SyncTimeout, BaseEnv: environList(a.Env), Out: a.IO.Err,
	}
	if c, err := githubClient(s, remoteURL); err == nil {
		deps.GitHub = c
	}
	ev := target.Event{Record: res.Record, Tag: res.Tag, Lane: res.Lane}
	var outcomes []target.Outcome
	for _, spec := range s.Sync {
		fmt.Fprintf(a.IO.Err, "syncing %s ...\n", ci.Neutralize(spec.String()))
		o := target.Run(ctx, []target.Spec{spec}, deps, ev)[0]
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
