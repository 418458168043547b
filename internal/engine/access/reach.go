package access

import (
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
)

// Reach is how one run reaches the repository: its clone and remote,
// opened once, and the GitHub client, built once, that every step of the
// run (the policy in force, the release, its sync targets) shares. The
// one rule (UseAPI) is applied once too, so no two steps of a run can
// pick different engines.
type Reach struct {
	// Repo is the clone and its remote; nil when it could not be opened
	// (OpenErr says why: no clone, no such remote).
	Repo    *gitrepo.Repo
	OpenErr error
	// API says the run talks to the GitHub API (the one rule).
	API bool

	gh        GitHub
	client    *ghapi.Client
	clientErr error
	built     bool
}

// Open opens the clone at path and its remote, and applies the one rule.
// A clone that cannot be opened is not an error here: the API may not need
// one, and each step says what it lacks. Close releases the clone.
func (g GitHub) Open(path, remote string, cred gitrepo.Credentials) *Reach {
	r := &Reach{gh: g}
	r.Repo, r.OpenErr = gitrepo.Open(path, remote, cred)
	if r.OpenErr != nil {
		r.Repo = nil
	}
	r.API = g.UseAPI(r.RemoteURL(), r.Repo != nil)
	return r
}

// RemoteURL is the clone's remote URL (credentials removed), "" without
// a clone.
func (r *Reach) RemoteURL() string {
	if r.Repo == nil {
		return ""
	}
	return r.Repo.RemoteURL()
}

// Client is the run's GitHub client, built on first use and shared after,
// or the usage error saying what is missing (the same error each call).
func (r *Reach) Client() (*ghapi.Client, error) {
	if !r.built {
		r.client, r.clientErr = r.gh.Client(r.RemoteURL())
		r.built = true
	}
	return r.client, r.clientErr
}

// Close releases the clone.
func (r *Reach) Close() {
	if r.Repo != nil {
		_ = r.Repo.Close()
	}
}
