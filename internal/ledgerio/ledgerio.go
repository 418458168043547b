// Package ledgerio owns reading the release ledger from a clone for the
// commands that work on it (status, rollback, mark-bad): open the clone,
// bring its tags up to date with the remote's within the time limit, and
// read the ledger, saying what could not be read.
package ledgerio

import (
	"context"
	"time"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gitops"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
)

// Options say which ledger to read, and from where.
type Options struct {
	Repo, Remote string
	Credentials  gitops.Credentials
	Tags         naming.Template // the release tags' template
	Environment  string
	GitTimeout   time.Duration // bound on fetching the remote's tags
}

// Reporter hears the warnings and the secrets found on the way.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
}

// Open opens the clone and reads its ledger. A remote that cannot be
// fetched is a warning (the clone's tags are read); a clone that cannot
// be opened is bad input (exit 2), tags that cannot be listed exit 3.
func Open(ctx context.Context, o Options, report Reporter) (*gitops.Repo, ledger.Ledger, error) {
	var l ledger.Ledger
	repo, err := read(ctx, o, report, func(ctx context.Context, repo *gitops.Repo) (warnings []string, err error) {
		l, warnings, err = ledger.Load(ctx, repo, o.Tags, o.Environment)
		return warnings, err
	})
	return repo, l, err
}

// OpenAll reads the ledger of every environment that has a release
// record, each with its own tag template, and o.Environment's always.
func OpenAll(ctx context.Context, o Options, tags naming.TagTemplates, report Reporter) (map[string]ledger.Ledger, error) {
	var all map[string]ledger.Ledger
	_, err := read(ctx, o, report, func(ctx context.Context, repo *gitops.Repo) (warnings []string, err error) {
		all, warnings, err = ledger.LoadAll(ctx, repo, tags, o.Environment)
		return warnings, err
	})
	return all, err
}

func read(ctx context.Context, o Options, report Reporter, load func(context.Context, *gitops.Repo) ([]string, error)) (*gitops.Repo, error) {
	repo, err := gitops.Open(o.Repo, o.Remote, o.Credentials)
	if err != nil {
		return nil, exit.Usagef("%v", err)
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
	if err != nil {
		return nil, exit.Failuref("%v", err)
	}
	return repo, nil
}
