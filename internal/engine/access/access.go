// Package access owns how hotlane reaches a repository and where a token
// may go: the one rule that picks git or the GitHub API (--mode) for every
// command, the GitHub client for the repository in force (with the HTTP
// policy config gives), and one run's Reach: its clone opened once, the
// rule applied once, its client built once.
package access

import (
	"net/url"
	"strings"

	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/fault"
)

// Modes of reaching a repository.
const (
	ModeGit    = "git"
	ModeGitHub = "github"
	ModeAuto   = "auto"
)

// GitHub is what decides whether, and how, a command talks to GitHub.
type GitHub struct {
	Mode       string // git, github or auto
	Token      string
	APIURL     string // https://api.github.com, or GHES' https://HOST/api/v3
	ServerURL  string // the web host of GitHub (GITHUB_SERVER_URL)
	Repository string // OWNER/NAME; empty: from the remote URL
	// HTTP is the policy of every request (config.HTTPPolicy).
	HTTP httpx.Policy
}

// UseAPI is the one rule that decides whether a command talks to the
// GitHub API, for release and backport alike: mode git never; github
// always; auto when a token is set and the repository is on the GitHub in
// force (ServerURL): the clone's remote is on its host or, with no clone,
// Repository names it. So a token given for another host (a GitLab
// remote's) never goes to GitHub unasked.
func (g GitHub) UseAPI(remoteURL string, haveClone bool) bool {
	switch g.Mode {
	case ModeGitHub:
		return true
	case ModeAuto:
		if g.Token == "" {
			return false
		}
		if haveClone {
			return g.onGitHub(remoteURL)
		}
		return g.Repository != ""
	}
	return false
}

// onGitHub says the remote is on the GitHub in force.
func (g GitHub) onGitHub(remoteURL string) bool {
	host, _, _, ok := ghapi.ParseRemote(remoteURL)
	return ok && strings.EqualFold(host, hostOf(g.ServerURL))
}

// Client is the API client for the repository in force, or a usage
// error saying what is missing.
func (g GitHub) Client(remoteURL string) (*ghapi.Client, error) {
	if g.Token == "" {
		return nil, fault.Invalidf("the GitHub API needs a token: pass --token or set GITHUB_TOKEN (nothing was changed)")
	}
	owner, name, ok := strings.Cut(g.Repository, "/")
	if !ok {
		// the remote names the repository only if it is on the GitHub in force
		if _, owner, name, ok = ghapi.ParseRemote(remoteURL); !ok || !g.onGitHub(remoteURL) {
			return nil, fault.Invalidf("which GitHub repository? pass --github-repository OWNER/NAME or set GITHUB_REPOSITORY (nothing was changed)")
		}
	}
	c, err := ghapi.New(g.APIURL, g.Token, owner, name, g.HTTP)
	if err != nil {
		return nil, fault.Wrap(fault.Invalid, err)
	}
	return c, nil
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return u.Host
}
