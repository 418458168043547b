package status

import (
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
)

// Formats are the formats status renders; the first is the default.
var Formats = []string{"text", "json", "markdown"}

// rel is one release as status shows it.
type rel = ledger.View

func toRel(e ledger.Entry) rel { return e.View() }

// notes are a release's remarks: bad, a rollback, from a branch.
func notes(r rel) string {
	var notes []string
	if r.Bad != "" {
		notes = append(notes, "bad: "+r.Bad)
	}
	if r.RollbackOf != "" {
		notes = append(notes, "rollback of "+r.RollbackOf)
	}
	if r.Source != "" && r.Source != "main" {
		notes = append(notes, "from "+r.Source)
	}
	return strings.Join(notes, "; ")
}

// view is the --format json shape of status.
type view struct {
	Environment  string                 `json:"environment"`
	Current      *rel                   `json:"current"`
	Production   *rel                   `json:"production"`
	Environments map[string]rel         `json:"environments"`
	HotfixDev    string                 `json:"hotfix_dev_mirrors,omitempty"`
	Releases     []rel                  `json:"releases"`
	Lanes        map[string]int         `json:"pending_backports"`
	Problems     []ledger.Problem       `json:"problems,omitempty"`
	Ledger       ledgerio.FreshnessJSON `json:"ledger"`
}

func viewOf(res Result) view {
	l := res.Ledger
	v := view{Environment: res.Environment, Environments: map[string]rel{}, Releases: []rel{}, Lanes: res.Pending, Problems: l.Problems,
		Ledger: res.Freshness.JSON()}
	for i := len(l.Entries) - 1; i >= 0; i-- {
		v.Releases = append(v.Releases, toRel(l.Entries[i]))
	}
	for _, env := range res.Environments {
		if cur, ok := res.Ledgers[env].Current(); ok {
			v.Environments[env] = toRel(cur)
		}
	}
	if cur, ok := l.Current(); ok {
		r := toRel(cur)
		v.Current, v.HotfixDev = &r, cur.Record.Lane
	}
	if cur, ok := res.Ledgers[naming.Production].Current(); ok {
		r := toRel(cur)
		v.Production = &r
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
		markdown(&b, v, res)
	} else {
		text(&b, v, res)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// title is an environment's name as a heading: "Production".
func title(env string) string {
	if env == "" {
		return env
	}
	return strings.ToUpper(env[:1]) + env[1:]
}

func current(b *strings.Builder, v view, n func(string) string) {
	if v.Current == nil {
		fmt.Fprintf(b, "No release recorded yet in %s.\n", n(v.Environment))
		return
	}
	c := v.Current
	fmt.Fprintf(b, "%s: release %s (%s) at %s, %s\n", n(title(v.Environment)), n(c.Release), n(c.Tag), naming.Short(c.Commit), n(c.Time))
	if c.Bad != "" {
		fmt.Fprintf(b, "  MARKED BAD: %s\n", n(c.Bad))
	}
	if v.HotfixDev != "" && v.Environment == naming.Production {
		fmt.Fprintf(b, "Hotfix-dev mirrors: %s\n", n(v.HotfixDev))
	}
}

func text(b *strings.Builder, v view, res Result) {
	n := ci.Neutralize
	if len(res.Environments) > 1 {
		b.WriteString("Environments:\n")
		for _, env := range res.Environments {
			c := v.Environments[env]
			fmt.Fprintf(b, "  %-12s release %s (%s) at %s, %s\n", n(env), n(c.Release), n(c.Tag), naming.Short(c.Commit), c.Time)
		}
	}
	current(b, v, n)
	b.WriteString("Releases, newest first:\n")
	for _, r := range v.Releases {
		fmt.Fprintf(b, "  %-12s %-20s %s %s %s\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(notes(r)))
	}
	b.WriteString("Lanes:\n")
	for _, lane := range res.Lanes {
		fmt.Fprintf(b, "  %-20s %s\n", n(lane), report.Count(v.Lanes[lane], "pending backport"))
	}
	fmt.Fprintf(b, "Ledger: %s\n", n(res.Freshness.String()))
}

func markdown(b *strings.Builder, v view, res Result) {
	n := report.Cell // a table cell: no "|" or markup from a record or a reason
	fmt.Fprintf(b, "### %s\n\n", n(title(v.Environment)))
	current(b, v, n)
	if len(res.Environments) > 1 {
		b.WriteString("\n| environment | release | tag | commit | time |\n|---|---|---|---|---|\n")
		for _, env := range res.Environments {
			c := v.Environments[env]
			fmt.Fprintf(b, "| %s | %s | %s | `%s` | %s |\n", n(env), n(c.Release), n(c.Tag), naming.Short(c.Commit), c.Time)
		}
	}
	b.WriteString("\n| release | tag | commit | time | notes |\n|---|---|---|---|---|\n")
	for _, r := range v.Releases {
		fmt.Fprintf(b, "| %s | %s | `%s` | %s | %s |\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(notes(r)))
	}
	b.WriteString("\n| lane | pending backports |\n|---|---|\n")
	for _, lane := range res.Lanes {
		fmt.Fprintf(b, "| %s | %d |\n", n(lane), v.Lanes[lane])
	}
	if len(res.Environments) > 0 {
		b.WriteString("\n" + Timeline(res) + "\n")
	}
	fmt.Fprintf(b, "\nLedger: %s\n", n(res.Freshness.String()))
}
