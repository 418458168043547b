package status

import (
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/naming"
)

// Timeline is a Mermaid timeline of the releases, a section per
// environment, oldest first: each release's tag and commit, whether it
// is bad or a rollback, and its lane with the backports it still owes.
// GitHub renders it in step summaries and comments. Every text that came
// from a record is reduced to characters Mermaid cannot read as syntax.
func Timeline(res Result) string {
	var b strings.Builder
	b.WriteString("```mermaid\ntimeline\n    title Releases by environment\n")
	for _, env := range res.Environments {
		fmt.Fprintf(&b, "    section %s\n", mermaidText(env))
		for _, e := range res.Ledgers[env].Entries {
			events := []string{fmt.Sprintf("%s at %s", e.Tag, naming.Short(e.Commit))}
			if e.Bad != nil {
				events = append(events, "bad, "+e.Bad.Reason)
			}
			if e.Record.RollbackOf != "" {
				events = append(events, "rollback of "+e.Record.RollbackOf)
			}
			if lane := e.Record.Lane; lane != "" {
				if pending, ok := res.Pending[lane]; ok && pending > 0 {
					events = append(events, lane+" owes "+report.Count(pending, "backport"))
				} else {
					events = append(events, lane)
				}
			}
			for i := range events {
				events[i] = mermaidText(events[i])
			}
			fmt.Fprintf(&b, "        %s : %s\n", mermaidText(e.Record.Build), strings.Join(events, " : "))
		}
	}
	b.WriteString("```")
	return b.String()
}

// mermaidText keeps letters, digits and plain punctuation; anything that
// Mermaid reads as syntax (":", "#", "%", ";", brackets, quotes, line
// breaks) becomes a space. Never empty.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(" ._/,+-()", r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if out == "" {
		return "-"
	}
	return out
}
