// Package ghapi owns hotlane's use of the GitHub REST API (go-github v60):
// the release engine that creates the tag object and both refs through the
// Git Data API (no clone needed), deployments, workflow dispatches and
// environment variables for the hotfix-dev sync targets, and backport pull
// requests. Every call goes
// through httpx's bounded retries, and errors name the permission that is
// missing.
package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/httpx"
)

// Client talks to one repository.
type Client struct {
	gh          *github.Client
	Owner, Repo string
	APIURL      string
}

// New returns a client for owner/repo at apiURL (github.com's, or GitHub
// Enterprise Server's https://HOST/api/v3: package config decides which).
func New(apiURL, token, owner, repo string, policy httpx.Policy) (*Client, error) {
	gh := github.NewClient(httpx.Client(policy)).WithAuthToken(token)
	u, err := url.Parse(strings.TrimSuffix(apiURL, "/") + "/")
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("--github-api-url %q is not a URL", apiURL)
	}
	gh.BaseURL = u
	return &Client{gh: gh, Owner: owner, Repo: repo, APIURL: apiURL}, nil
}

var (
	httpsRemote = regexp.MustCompile(`^https?://(?:[^@/]+@)?([^/]+)/([^/]+)/([^/]+?)(?:\.git)?/?$`)
	sshRemote   = regexp.MustCompile(`^(?:ssh://)?git@([^:/]+)[:/]([^/]+)/([^/]+?)(?:\.git)?/?$`)
)

// ParseRemote reads host, owner and repository from a GitHub remote URL.
func ParseRemote(remoteURL string) (host, owner, repo string, ok bool) {
	for _, re := range []*regexp.Regexp{httpsRemote, sshRemote} {
		if m := re.FindStringSubmatch(remoteURL); m != nil {
			return m[1], m[2], m[3], true
		}
	}
	return "", "", "", false
}

// explain turns an API error into one that says what to do.
func explain(action string, err error) error {
	var ge *github.ErrorResponse
	if errors.As(err, &ge) && ge.Response != nil {
		msg := ge.Message
		switch ge.Response.StatusCode {
		case http.StatusUnauthorized:
			return gitref.NewAccessError(fmt.Sprintf("%s: GitHub rejected the token (%s): pass a valid token with --token, HOTLANE_TOKEN or GITHUB_TOKEN", action, msg))
		case http.StatusForbidden:
			return gitref.NewAccessError(fmt.Sprintf("%s: GitHub refused (%s): the token lacks a permission; in GitHub Actions give the job "+
				"`permissions: contents: write` (tags, branches), `deployments: write` (deployments), `actions: write` (workflow "+
				"dispatches), `pull-requests: write` (backport pull requests); environment variables need a token with repository "+
				"administration (GITHUB_TOKEN cannot)", action, msg))
		case http.StatusNotFound:
			return gitref.NewAccessError(fmt.Sprintf("%s: GitHub answered 404 Not Found: check the repository name and --github-api-url; GitHub also "+
				"answers 404 to a token that cannot see a private repository", action))
		}
		return fmt.Errorf("%s: GitHub answered %d: %s", action, ge.Response.StatusCode, msg)
	}
	return fmt.Errorf("%s: %w", action, err)
}

// isStatus says err is a GitHub answer with code.
func isStatus(err error, code int) bool {
	var ge *github.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == code
}

func ctxIdempotent(ctx context.Context) context.Context { return httpx.Idempotent(ctx) }
