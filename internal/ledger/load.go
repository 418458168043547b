package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Source is what the ledger is read from: a clone whose tags can be
// brought up to date with its remote's.
type Source interface {
	FetchTags(ctx context.Context) error
	Tags() ([]Tag, error)
}

// ErrNotRefreshed is why a ledger was not read: its tags could not be
// brought up to date with the remote's. A ledger read from stale tags
// could show a release that is no longer current, and a rollback would
// choose its target from it.
var ErrNotRefreshed = errors.New("the ledger could not be refreshed from the remote")

// Load brings the clone's tags up to date (unless !refresh: the clone is
// enough) and reads the ledger of env from them. A fetch that fails is an
// error wrapping ErrNotRefreshed; so are tags that cannot be listed.
// Every unreadable release tag is a warning.
func Load(ctx context.Context, src Source, tmpl naming.Template, env string, refresh bool) (l Ledger, warnings []string, err error) {
	tags, err := fetch(ctx, src, refresh)
	if err != nil {
		return Ledger{}, nil, err
	}
	l = Read(tags, tmpl, env)
	return l, problems(l), nil
}

// LoadAll is Load for every environment that has a release record, and
// for env whatever it has (its unreadable tags are said too): the ledgers
// by environment name.
func LoadAll(ctx context.Context, src Source, tags naming.TagTemplates, env string, refresh bool) (map[string]Ledger, []string, error) {
	all, err := fetch(ctx, src, refresh)
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	out := map[string]Ledger{}
	envs := Environments(all)
	if !slices.Contains(envs, env) {
		envs = append(envs, env)
	}
	for _, e := range envs {
		l := Read(all, tags.For(e), e)
		if len(l.Entries) > 0 || e == env {
			out[e] = l
			warnings = append(warnings, problems(l)...)
		}
	}
	return out, warnings, nil
}

// WithReleases lists, sorted, the environments of all that have a
// release: what a message about an environment without one names.
func WithReleases(all map[string]Ledger) []string {
	var out []string
	for env, l := range all {
		if len(l.Entries) > 0 {
			out = append(out, env)
		}
	}
	sort.Strings(out)
	return out
}

// Environments lists, sorted, the environments that release records name.
func Environments(tags []Tag) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		if !t.Annotated || record.InHotlaneNamespace(t.Name) {
			continue
		}
		if rec, err := record.Parse(t.Message); err == nil && rec.Environment != "" && !seen[naming.CanonicalEnvironment(rec.Environment)] {
			env := naming.CanonicalEnvironment(rec.Environment) // names compare in any case
			seen[env] = true
			out = append(out, env)
		}
	}
	sort.Strings(out)
	return out
}

func fetch(ctx context.Context, src Source, refresh bool) ([]Tag, error) {
	if refresh {
		if err := src.FetchTags(ctx); err != nil {
			return nil, fmt.Errorf("%w: fetch its tags: %w", ErrNotRefreshed, err)
		}
	}
	tags, err := src.Tags()
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return tags, nil
}

func problems(l Ledger) []string {
	var out []string
	for _, p := range l.Problems {
		out = append(out, fmt.Sprintf("tag %s is not a readable release: %s", p.Tag, p.Reason))
	}
	return out
}
