package promotion

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/ledger"
)

// Evidence is the release record that lets commit through, of those an
// environment released (ok is false when none does): a record a pipeline
// made (one that names its pipeline and time) before a hand-made one,
// then the latest recorded (the ledger's order). Pure.
func Evidence(commit string, released []Released) (rel Released, ok bool) {
	var candidates []Released
	for _, r := range released {
		if r.Commit == commit && r.Recorded {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		return Released{}, false
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		if a, b := candidates[i].HandMade(), candidates[j].HandMade(); a != b {
			return b
		}
		return ledger.Compare(candidates[i].entry(), candidates[j].entry()) > 0
	})
	return candidates[0], true
}

// HandMade says the record names no pipeline run or no time: a person (or
// another tool) wrote it, not hotlane in a pipeline. It still satisfies
// the rule, since a record is a record; it is shown as such, with its
// tagger, so that a reviewer sees who vouched for the promotion (and the
// release tags are to be protected: docs/security.md).
func (r Released) HandMade() bool { return r.Pipeline == "" || r.Time.IsZero() }

// Line says which record let the commit through, and who made it:
// "staging: release 46 (staging-46) recorded 2026-11-30T10:00:00Z by
// hotlane <hotlane@localhost> in https://ci.example/run/7", or, for a
// hand-made record, what it lacks.
func (r Released) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: release %s (%s)", r.Environment, r.Build, r.Tag)
	if !r.Time.IsZero() {
		fmt.Fprintf(&b, " recorded %s", r.Time.UTC().Format(time.RFC3339))
	}
	fmt.Fprintf(&b, " by %s", signature(r.Tagger, r.Time.IsZero()))
	if r.Pipeline != "" {
		fmt.Fprintf(&b, " in %s", r.Pipeline)
	}
	if r.HandMade() {
		fmt.Fprintf(&b, "; hand-made: %s", r.lacks())
	}
	return b.String()
}

// Warning is the warning a hand-made record raises ("" for one a pipeline
// made).
func (r Released) Warning() string {
	if !r.HandMade() {
		return ""
	}
	return fmt.Sprintf("the promotion from %s rests on a hand-made record: %s (release %s) was tagged by %s and its record %s; "+
		"it is accepted, and shown as such; to have only the pipeline write release tags, protect them (docs/security.md)",
		r.Environment, r.Tag, r.Build, signature(r.Tagger, true), r.lacks())
}

// lacks says what a hand-made record does not name.
func (r Released) lacks() string {
	switch {
	case r.Pipeline == "" && r.Time.IsZero():
		return "names no pipeline and no time"
	case r.Pipeline == "":
		return "names no pipeline"
	}
	return "names no time"
}

// signature is "Name <email>", with " on <date>" when asked (where a
// record gives no time of its own), or says that the tag has no tagger.
func signature(s gitref.Signature, withDate bool) string {
	who := strings.TrimSpace(s.Name)
	if s.Email != "" {
		who = strings.TrimSpace(who + " <" + s.Email + ">")
	}
	if who == "" {
		who = "an unnamed tagger"
	}
	if withDate && !s.When.IsZero() {
		who += " on " + s.When.UTC().Format(time.RFC3339)
	}
	return who
}

// Environments names the environments of evidence, in order.
func Environments(evidence []Released) []string {
	out := make([]string, 0, len(evidence))
	for _, r := range evidence {
		out = append(out, r.Environment)
	}
	return out
}
