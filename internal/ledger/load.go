package ledger

import (
	"context"
	"fmt"

	"github.com/hotlane/hotlane/internal/naming"
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
	if err := src.FetchTags(ctx); err != nil {
		warnings = append(warnings, "the ledger is read from the clone's tags; fetching the remote's failed: "+err.Error())
	}
	tags, err := src.Tags()
	if err != nil {
		return Ledger{}, warnings, fmt.Errorf("list tags: %w", err)
	}
	l = Read(tags, tmpl, env)
	for _, p := range l.Problems {
		warnings = append(warnings, fmt.Sprintf("tag %s is not a readable release: %s", p.Tag, p.Reason))
	}
	return l, warnings, nil
}
