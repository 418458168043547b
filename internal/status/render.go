package status

import (
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/report"
)

// Formats are the formats status renders; the first is the default.
var Formats = []string{"text", "json", "markdown"}

// rel is one release as status shows it.
type rel struct {
	Release  string `json:"release"`
	Tag      string `json:"tag"`
	Commit   string `json:"commit"`
	Lane     string `json:"lane"`
	Time     string `json:"time,omitempty"`
	Pipeline string `json:"pipeline,omitempty"`
	Source   string `json:"source,omitempty"`
	Rollback string `json:"rollback_of,omitempty"`
	Bad      string `json:"bad,omitempty"`
}

func toRel(e ledger.Entry) rel {
	r := rel{Release: e.Record.Build, Tag: e.Tag, Commit: e.Commit, Lane: e.Record.Lane, Pipeline: e.Record.Pipeline,
		Source: e.Record.Source, Rollback: e.Record.RollbackOf}
	if !e.Record.Time.IsZero() {
		r.Time = e.Record.Time.UTC().Format("2006-01-02T15:04:05Z")
	}
	if e.Bad != nil {
		r.Bad = e.Bad.Reason + " (by " + e.Bad.By + ")"
	}
	return r
}

// notes are a release's remarks: bad, a rollback, from a branch.
func (r rel) notes() string {
	var notes []string
	if r.Bad != "" {
		notes = append(notes, "bad: "+r.Bad)
	}
	if r.Rollback != "" {
		notes = append(notes, "rollback of "+r.Rollback)
	}
	if r.Source != "" && r.Source != "main" {
		notes = append(notes, "from "+r.Source)
	}
	return strings.Join(notes, "; ")
}

// view is the --format json shape of status.
type view struct {
	Production *rel             `json:"production"`
	HotfixDev  string           `json:"hotfix_dev_mirrors,omitempty"`
	Releases   []rel            `json:"releases"`
	Lanes      map[string]int   `json:"pending_backports"`
	Problems   []ledger.Problem `json:"problems,omitempty"`
}

func viewOf(res Result) view {
	l := res.Ledger
	v := view{Releases: []rel{}, Lanes: res.Pending, Problems: l.Problems}
	for i := len(l.Entries) - 1; i >= 0; i-- {
		v.Releases = append(v.Releases, toRel(l.Entries[i]))
	}
	if cur, ok := l.Current(); ok {
		r := toRel(cur)
		v.Production, v.HotfixDev = &r, cur.Record.Lane
	}
	return v
}

// Render writes status as text, json or markdown.
func Render(w io.Writer, format string, res Result) error {
	v := viewOf(res)
	if format == "json" {
		return ci.WriteJSON(w, v)
	}
	var b strings.Builder
	if format == "markdown" {
		markdown(&b, v, res.Lanes)
	} else {
		text(&b, v, res.Lanes)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func production(b *strings.Builder, v view, n func(string) string) {
	if v.Production == nil {
		b.WriteString("No release recorded yet.\n")
		return
	}
	p := v.Production
	fmt.Fprintf(b, "Production: release %s (%s) at %s, %s\n", n(p.Release), n(p.Tag), naming.Short(p.Commit), n(p.Time))
	if p.Bad != "" {
		fmt.Fprintf(b, "  MARKED BAD: %s\n", n(p.Bad))
	}
	fmt.Fprintf(b, "Hotfix-dev mirrors: %s\n", n(v.HotfixDev))
}

func text(b *strings.Builder, v view, lanes []string) {
	n := ci.Neutralize
	production(b, v, n)
	b.WriteString("Releases, newest first:\n")
	for _, r := range v.Releases {
		fmt.Fprintf(b, "  %-12s %-20s %s %s %s\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(r.notes()))
	}
	b.WriteString("Lanes:\n")
	for _, lane := range lanes {
		fmt.Fprintf(b, "  %-20s %d pending backport(s)\n", n(lane), v.Lanes[lane])
	}
}

func markdown(b *strings.Builder, v view, lanes []string) {
	n := report.Cell // a table cell: no "|" or markup from a record or a reason
	b.WriteString("### Production\n\n")
	production(b, v, n)
	b.WriteString("\n| release | tag | commit | time | notes |\n|---|---|---|---|---|\n")
	for _, r := range v.Releases {
		fmt.Fprintf(b, "| %s | %s | `%s` | %s | %s |\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(r.notes()))
	}
	b.WriteString("\n| lane | pending backports |\n|---|---|\n")
	for _, lane := range lanes {
		fmt.Fprintf(b, "| %s | %d |\n", n(lane), v.Lanes[lane])
	}
}
