package ledger

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Source is what the ledger is read from: a clone whose tags can be
// brought up to date with its remote's.
type Source interface {
	FetchTags(ctx context.Context) error
	Tags() ([]Tag, error)
}

// Load brings the clone's tags up to date and reads the ledger of env
// from them. A fetch that fails is a warning (the clone's tags are read);
// tags that cannot be listed are an error. Every unreadable release tag
// is a warning too.
func Load(ctx context.Context, src Source, tmpl naming.Template, env string) (l Ledger, warnings []string, err error) {
	tags, warnings, err := fetch(ctx, src)
	if err != nil {
		return Ledger{}, warnings, err
	}
	l = Read(tags, tmpl, env)
	return l, append(warnings, problems(l)...), nil
}

// LoadAll is Load for every environment that has a release record, and
// for env whatever it has (its unreadable tags are said too): the ledgers
// by environment name.
func LoadAll(ctx context.Context, src Source, tags naming.TagTemplates, env string) (map[string]Ledger, []string, error) {
	all, warnings, err := fetch(ctx, src)
	if err != nil {
		return nil, warnings, err
	}
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

// Environments lists, sorted, the environments that release records name.
func Environments(tags []Tag) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		if !t.Annotated || strings.HasPrefix(t.Name, record.BadPrefix) {
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

func fetch(ctx context.Context, src Source) ([]Tag, []string, error) {
	var warnings []string
	if err := src.FetchTags(ctx); err != nil {
		warnings = append(warnings, "the ledger is read from the clone's tags; fetching the remote's failed: "+err.Error())
	}
	tags, err := src.Tags()
	if err != nil {
		return nil, warnings, fmt.Errorf("list tags: %w", err)
	}
	return tags, warnings, nil
}

func problems(l Ledger) []string {
	var out []string
	for _, p := range l.Problems {
		out = append(out, fmt.Sprintf("tag %s is not a readable release: %s", p.Tag, p.Reason))
	}
	return out
}
