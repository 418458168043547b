// Package ledgerio owns reading the release ledger from a clone for the
// commands that work on it (status, rollback, mark-bad, retire): open the
// clone, bring its tags up to date with the remote's within the time
// limit (or, with --offline, say that they were not), and read the
// ledger, saying what could not be read and how fresh what was read is.
package ledgerio

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
)

// Options say which ledger to read, and from where.
type Options struct {
	Repo, Remote string
	Credentials  gitrepo.Credentials
	Tags         naming.Template // the release tags' template
	Environment  string
	GitTimeout   time.Duration // bound on fetching the remote's tags
	// Offline reads the clone's tags as they are, without refreshing them
	// from the remote (--offline: the clone is enough).
	Offline bool
	// Now is the clock that dates a refresh (default time.Now).
	Now func() time.Time
}

// Reporter hears the warnings and the secrets found on the way.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
}

// Freshness says how fresh a ledger is: refreshed from Remote at At, or
// (Remote "") the clone's tags as they were.
type Freshness struct {
	Remote string
	At     time.Time
}

// String says it in words, for status.
func (f Freshness) String() string {
	if f.Remote == "" {
		return "the clone's tags, not refreshed from the remote (--offline)"
	}
	return fmt.Sprintf("%s's tags, read at %s", f.Remote, f.At.UTC().Format(time.RFC3339))
}

// FreshnessJSON is Freshness in the commands' JSON: refreshed from
// remote at read_at, or the clone's own tags (refreshed false).
type FreshnessJSON struct {
	Refreshed bool   `json:"refreshed"`
	Remote    string `json:"remote,omitempty"`
	ReadAt    string `json:"read_at,omitempty"`
}

// JSON is f in the commands' JSON.
func (f Freshness) JSON() FreshnessJSON {
	if f.Remote == "" {
		return FreshnessJSON{}
	}
	return FreshnessJSON{Refreshed: true, Remote: f.Remote, ReadAt: f.At.UTC().Format(time.RFC3339)}
}

// Open opens the clone and reads its ledger. A clone that cannot be
// opened is bad input (exit 2); a remote whose tags cannot be fetched
// (unless Offline) and tags that cannot be listed exit 3.
func Open(ctx context.Context, o Options, report Reporter) (*gitrepo.Repo, ledger.Ledger, Freshness, error) {
	var l ledger.Ledger
	repo, fresh, err := read(ctx, o, report, func(ctx context.Context, repo *gitrepo.Repo) (warnings []string, err error) {
		l, warnings, err = ledger.Load(ctx, repo, o.Tags, o.Environment, !o.Offline)
		return warnings, err
	})
	return repo, l, fresh, err
}

// OpenAll reads the ledger of every environment that has a release
// record, each with its own tag template, and o.Environment's always.
func OpenAll(ctx context.Context, o Options, tags naming.TagTemplates, report Reporter) (map[string]ledger.Ledger, Freshness, error) {
	var all map[string]ledger.Ledger
	repo, fresh, err := read(ctx, o, report, func(ctx context.Context, repo *gitrepo.Repo) (warnings []string, err error) {
		all, warnings, err = ledger.LoadAll(ctx, repo, tags, o.Environment, !o.Offline)
		return warnings, err
	})
	if repo != nil {
		_ = repo.Close()
	}
	return all, fresh, err
}

func read(ctx context.Context, o Options, report Reporter, load func(context.Context, *gitrepo.Repo) ([]string, error)) (*gitrepo.Repo, Freshness, error) {
	repo, err := gitrepo.Open(o.Repo, o.Remote, o.Credentials)
	if err != nil {
		return nil, Freshness{}, fault.Wrap(fault.Invalid, err)
	}
	report.Protect(repo.Secrets()...)
	if o.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.GitTimeout)
		defer cancel()
	}
	warnings, err := load(ctx, repo)
	for _, w := range warnings {
		report.Annotate(ci.Warning, w)
	}
	switch {
	case errors.Is(err, ledger.ErrNotRefreshed):
		_ = repo.Close()
		return nil, Freshness{}, fault.Unavailablef("%w (nothing was changed). The clone's own tags may be stale: a release recorded since "+
			"would not be seen, so nothing is read from them. Fix the access to %s (token, network) and run again, or pass --offline "+
			"to read the clone's tags as they are", err, o.Remote)
	case err != nil:
		_ = repo.Close()
		return nil, Freshness{}, fault.Wrap(fault.Failed, err)
	}
	fresh := Freshness{}
	if !o.Offline {
		now := o.Now
		if now == nil {
			now = time.Now
		}
		fresh = Freshness{Remote: o.Remote, At: now()}
	}
	return repo, fresh, nil
}
