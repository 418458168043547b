// Package ledger owns reading the release history that hotlane's tags
// record: each release's record, the marks of bad releases, their order
// (numeric-aware build order, then time), what is in production now, and
// which release a rollback returns to. Pure: the git engine hands it tag
// names and messages.
package ledger

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/gitref"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Tag is one tag as read from the repository.
type Tag = gitref.Tag

// Entry is one release.
type Entry struct {
	Tag    string
	Commit string
	Record record.Record
	Bad    *record.Bad // non-nil: marked bad
}

// Problem is a tag that looks like a release but cannot be read as one.
type Problem struct {
	Tag    string
	Reason string
}

// Ledger is the ordered release history, oldest first.
type Ledger struct {
	Entries  []Entry
	Problems []Problem
}

// Read builds the ledger from tags: release tags (matching tmpl) with
// their records, and the bad marks. Foreign tags are ignored; release tags
// without a readable record are reported, never fatal.
func Read(tags []Tag, tmpl naming.Template, env string) Ledger {
	var l Ledger
	bad := map[string]*record.Bad{}
	for _, t := range tags {
		if !strings.HasPrefix(t.Name, record.BadPrefix) {
			continue
		}
		b, err := record.ParseBad(t.Message)
		if err != nil {
			l.Problems = append(l.Problems, Problem{t.Name, err.Error()})
			continue
		}
		bad[strings.TrimPrefix(t.Name, record.BadPrefix)] = &b
	}
	for _, t := range tags {
		if strings.HasPrefix(t.Name, record.BadPrefix) {
			continue
		}
		build, ok := tmpl.Match(t.Name, env)
		if !ok {
			continue
		}
		if !t.Annotated {
			l.Problems = append(l.Problems, Problem{t.Name, "a lightweight tag: it carries no release record"})
			continue
		}
		rec, err := record.Parse(t.Message)
		if err != nil {
			l.Problems = append(l.Problems, Problem{t.Name, err.Error()})
			continue
		}
		if rec.Environment != "" && !naming.SameEnvironment(rec.Environment, env) {
			continue // another environment's release, under a template without {env}
		}
		if rec.Build != build {
			l.Problems = append(l.Problems, Problem{t.Name, fmt.Sprintf("its record names release %s, its name release %s", rec.Build, build)})
			continue
		}
		if t.Commit != "" && rec.Commit != t.Commit {
			l.Problems = append(l.Problems, Problem{t.Name, fmt.Sprintf("its record names commit %s, the tag points at %s", naming.Short(rec.Commit), naming.Short(t.Commit))})
			continue
		}
		l.Entries = append(l.Entries, Entry{Tag: t.Name, Commit: t.Commit, Record: rec, Bad: bad[t.Name]})
	}
	Sort(l.Entries)
	sort.Slice(l.Problems, func(i, j int) bool { return l.Problems[i].Tag < l.Problems[j].Tag })
	return l
}

// Sort orders entries oldest first: by build, numbers compared as
// numbers, then by the time in the record.
func Sort(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		if c := naming.CompareBuilds(entries[i].Record.Build, entries[j].Record.Build); c != 0 {
			return c < 0
		}
		return entries[i].Record.Time.Before(entries[j].Record.Time)
	})
}

// Current is what is in production now: the latest release.
func (l Ledger) Current() (Entry, bool) {
	if len(l.Entries) == 0 {
		return Entry{}, false
	}
	return l.Entries[len(l.Entries)-1], true
}

// Find returns the release of build.
func (l Ledger) Find(build string) (Entry, bool) {
	for _, e := range l.Entries {
		if e.Record.Build == build {
			return e, true
		}
	}
	return Entry{}, false
}

// Before is the release just before build: the latest entry that orders
// below it (numeric-aware build order, SPEC.md "previous release"). It is
// the one rule for "the previous release": release reports it, and a
// rollback starts its search from it.
func (l Ledger) Before(build string) (Entry, bool) {
	for i := len(l.Entries) - 1; i >= 0; i-- {
		if naming.CompareBuilds(l.Entries[i].Record.Build, build) < 0 {
			return l.Entries[i], true
		}
	}
	return Entry{}, false
}

// PreviousApproved is the release a rollback from build returns to: going
// back from the release before it (Before), the first that is not marked
// bad, is not at build's own commit, and is not itself a rollback away
// from a bad release (which would only repeat an older release, and may
// carry its own flaws).
func (l Ledger) PreviousApproved(build string) (Entry, error) {
	from, ok := l.Find(build)
	if !ok {
		return Entry{}, fmt.Errorf("release %s is not in the ledger", build)
	}
	for e, ok := l.Before(build); ok; e, ok = l.Before(e.Record.Build) {
		if e.Bad != nil || e.Commit == from.Commit {
			continue
		}
		if e.Record.RollbackOf != "" {
			if target, ok := l.Find(e.Record.RollbackOf); ok && target.Bad != nil {
				continue
			}
		}
		return e, nil
	}
	return Entry{}, fmt.Errorf("no approved release before %s: every earlier release is marked bad, or there is none", build)
}

// After lists the releases after build, oldest first.
func (l Ledger) After(build string) []Entry {
	for i, e := range l.Entries {
		if e.Record.Build == build {
			return l.Entries[i+1:]
		}
	}
	return nil
}
