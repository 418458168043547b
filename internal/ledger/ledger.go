// Package ledger owns reading the release history that hotlane's tags
// record: each release's record, the marks of bad releases, their order
// (when each was recorded: Compare, the one rule every command follows),
// what is in production now, and which release a rollback returns to.
// Pure: the git engine hands it tag names, messages and tagger times.
package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitref"
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
	// Tagged is the release tag's tagger time: when the record was made,
	// for a record without Hotlane-Time (one made by hand).
	Tagged time.Time
}

// RecordedAt is when the release was recorded: the record's own time
// (Hotlane-Time), else its tag's tagger time.
func (e Entry) RecordedAt() time.Time {
	if !e.Record.Time.IsZero() {
		return e.Record.Time
	}
	return e.Tagged
}

// Problem is a tag that looks like a release but cannot be read as one.
type Problem struct {
	Tag    string `json:"tag"`
	Reason string `json:"reason"`
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
		if record.InHotlaneNamespace(t.Name) {
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
		l.Entries = append(l.Entries, Entry{Tag: t.Name, Commit: t.Commit, Record: rec, Bad: bad[t.Name], Tagged: t.Tagged})
	}
	Sort(l.Entries)
	sort.Slice(l.Problems, func(i, j int) bool { return l.Problems[i].Tag < l.Problems[j].Tag })
	return l
}

// Compare is the ledger's one order (docs/ledger.md): releases of an
// environment in the order they were recorded (RecordedAt), never by how
// their build ids sort, because a pipeline's build numbers need not grow
// (a lane job's own BUILD_NUMBER=2 after production's 103.1). Equal times
// (one-second resolution) fall back to the build ids, numbers compared as
// numbers, then to the tag names. It returns -1, 0 or +1.
func Compare(a, b Entry) int {
	if c := a.RecordedAt().Compare(b.RecordedAt()); c != 0 {
		return c
	}
	if c := naming.CompareBuilds(a.Record.Build, b.Record.Build); c != 0 {
		return c
	}
	return strings.Compare(a.Tag, b.Tag)
}

// Sort orders entries oldest first, by Compare.
func Sort(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool { return Compare(entries[i], entries[j]) < 0 })
}

// Current is what is in the environment now: the release recorded last.
func (l Ledger) Current() (Entry, bool) {
	if len(l.Entries) == 0 {
		return Entry{}, false
	}
	return l.Entries[len(l.Entries)-1], true
}

// Find returns the release of build.
func (l Ledger) Find(build string) (Entry, bool) {
	if i := l.Index(build); i >= 0 {
		return l.Entries[i], true
	}
	return Entry{}, false
}

// Index is the position of build's release in the ledger's order, -1
// when it is not in the ledger.
func (l Ledger) Index(build string) int {
	for i, e := range l.Entries {
		if e.Record.Build == build {
			return i
		}
	}
	return -1
}

// Before is the release recorded just before build's: the one rule for
// "the previous release" (release reports it, a rollback starts its
// search from it). A build not in the ledger yet is about to be recorded,
// after every release there is: the one before it is the current one.
func (l Ledger) Before(build string) (Entry, bool) {
	i := l.Index(build)
	if i < 0 {
		i = len(l.Entries)
	}
	if i == 0 {
		return Entry{}, false
	}
	return l.Entries[i-1], true
}

// Earlier lists the releases recorded before build's, oldest first (every
// release, when build is not in the ledger yet).
func (l Ledger) Earlier(build string) []Entry {
	i := l.Index(build)
	if i < 0 {
		i = len(l.Entries)
	}
	return l.Entries[:i:i]
}

// PreviousApproved is the release a rollback from build returns to: going
// back from the release before it (Before), the first that is not marked
// bad, is not at build's own commit, and is not itself a rollback away
// from a bad release (which would only repeat an older release, and may
// carry its own flaws).
func (l Ledger) PreviousApproved(build string) (Entry, error) {
	at := l.Index(build)
	if at < 0 {
		return Entry{}, fmt.Errorf("release %s is not in the ledger", build)
	}
	from := l.Entries[at]
	for i := at - 1; i >= 0; i-- {
		e := l.Entries[i]
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

// After lists the releases recorded after build's, oldest first.
func (l Ledger) After(build string) []Entry {
	if i := l.Index(build); i >= 0 {
		return l.Entries[i+1:]
	}
	return nil
}

// Builds lists the ledger's build ids, newest first, at most n of them
// (n <= 0: all), for messages that name what there is.
func (l Ledger) Builds(n int) []string {
	var out []string
	for i := len(l.Entries) - 1; i >= 0 && (n <= 0 || len(out) < n); i-- {
		out = append(out, l.Entries[i].Record.Build)
	}
	return out
}

// Newest names, for an error that a build is not in the ledger, its n
// newest builds: "46, 45 and 3 older", or "none yet".
func (l Ledger) Newest(n int) string {
	builds := l.Builds(n)
	if len(builds) == 0 {
		return "none yet"
	}
	out := strings.Join(builds, ", ")
	if older := len(l.Entries) - len(builds); older > 0 {
		out += fmt.Sprintf(" and %d older", older)
	}
	return out
}
