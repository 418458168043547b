package report

import (
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
)

// Markdown renders the report for a GitHub step summary or a pull-request
// comment: the result, the missing commits with their commands, and a
// table of every hotfix commit. limit caps the table rows (0: no cap).
func Markdown(rep verdict.Report, limit int) string {
	var b strings.Builder
	s := rep.Summary()
	switch {
	case s.Lanes == 0:
		fmt.Fprintf(&b, "### ⚠️ Backport gate: no lanes were found, nothing was checked\n\n")
	case s.Missing == 0:
		fmt.Fprintf(&b, "### ✅ Backport gate: the candidate has every hotfix\n\n")
	default:
		fmt.Fprintf(&b, "### ❌ Backport gate: %d hotfix commit(s) missing\n\n", s.Missing)
	}
	fmt.Fprintf(&b, "Candidate `%s` (%s): %s, %s.\n\n", short(rep.Candidate), cell(rep.Main), Count(s.Lanes, "lane"), Count(s.Commits, "hotfix commit"))
	if line := policyLine(rep.Policy); line != "" {
		b.WriteString(cell(line) + ".\n\n")
	}
	if s.Missing > 0 {
		b.WriteString("To backport the missing commits onto the main line:\n\n```sh\n")
		for _, l := range rep.Lanes {
			for _, v := range l.Missing() {
				b.WriteString(markdownRemedy(v) + "\n")
			}
		}
		b.WriteString("```\n\nOr, " + strings.ReplaceAll(WaiveHint, `"`, "`") + ".\n\n")
	}
	if s.Commits > 0 {
		b.WriteString("| lane | commit | subject | author | status | evidence |\n|---|---|---|---|---|---|\n")
		rows := 0
		for _, l := range rep.Lanes {
			for _, v := range l.Verdicts {
				if limit > 0 && rows == limit {
					fmt.Fprintf(&b, "\n(%d more rows left out; run `hotlane check` for the full report.)\n", s.Commits-rows)
					return b.String()
				}
				status := v.Status
				if status == verdict.Missing {
					status = "**missing**"
				}
				fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", cell(l.Lane), short(v.Commit.SHA), cell(v.Commit.Subject),
					cell(v.Commit.Author), status, cell(Evidence(v)))
				rows++
			}
		}
	}
	var notes []string
	for _, l := range rep.Lanes {
		for _, w := range l.Warnings {
			notes = append(notes, "⚠️ "+cell(l.Lane)+": "+cell(w))
		}
	}
	for _, p := range rep.Problems {
		notes = append(notes, "⚠️ "+cell(p))
	}
	if len(notes) > 0 {
		b.WriteString("\n" + strings.Join(notes, "  \n") + "\n")
	}
	return b.String()
}

// markdownRemedy is what to do about a missing commit, as a line of a
// shell block: the command, or a comment saying what instead.
func markdownRemedy(v verdict.Verdict) string {
	if r := verdict.Remedy(v); r != BackportCommand(v.Commit.SHA) {
		return "# " + short(v.Commit.SHA) + ": " + ci.Neutralize(r)
	}
	return BackportCommand(v.Commit.SHA)
}

func evidence(e string) string {
	if len(e) == 40 || len(e) == 64 {
		return short(e)
	}
	return e
}

// cell makes untrusted text safe in a markdown table cell: no line
// breaks, no pipes, no HTML, no markdown links or images.
func cell(s string) string { return Cell(s) }

// Cell makes untrusted text safe in a markdown table cell (and a line of
// markdown): control characters escaped and CI commands broken as in a
// log, then what markdown or HTML would read as structure escaped.
func Cell(s string) string {
	s = ci.Neutralize(s)
	r := strings.NewReplacer("\r", " ", "\n", " ", "|", `\|`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "`", "'", "*", `\*`, "_", `\_`)
	return r.Replace(s)
}

// Fields is a two-column markdown table of what a command did, a row a
// field; each name and value is made safe as a Cell.
func Fields(rows [][2]string) string {
	var b strings.Builder
	b.WriteString("| | |\n|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", Cell(r[0]), Cell(r[1]))
	}
	return b.String()
}

// Heading is a markdown heading of untrusted text.
func Heading(text string) string { return "### " + Cell(text) + "\n\n" }
