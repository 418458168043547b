// Package report owns how the backport gate's answer is written: text for
// a terminal or a CI log, JSON exactly as docs/contract.md shows, markdown for step
// summaries and pull-request comments, and JUnit XML for Jenkins' junit
// step and Azure's Publish Test Results. Pure: it renders a
// verdict.Report into bytes; text that came from git is neutralised
// wherever it lands in a log.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
)

// Formats lists the report formats; the first is the default.
var Formats = []string{"text", "json", "markdown", "junit"}

// Render writes rep in format.
func Render(format string, rep verdict.Report) ([]byte, error) {
	switch format {
	case "json":
		return JSON(rep)
	case "markdown":
		return []byte(Markdown(rep, 0)), nil
	case "junit":
		return JUnit(rep)
	default:
		return []byte(Text(rep)), nil
	}
}

// Count says n things in English: "1 lane", "2 lanes".
func Count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// BackportCommand is the command that would backport a missing commit.
func BackportCommand(sha string) string { return verdict.BackportCommand(sha) }

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// Section is a part of the text report. A Group section holds the
// details a CI log may fold under its Title (every accepted commit of a
// lane with its evidence); elsewhere it is printed as it is.
type Section struct {
	Title string
	Body  string
	Group bool
}

// Text is the terminal report, the sections one after the other.
func Text(rep verdict.Report) string {
	var b strings.Builder
	for _, s := range TextSections(rep) {
		b.WriteString(s.Body)
	}
	return b.String()
}

// WriteText writes the text report to w, each Group section folded by
// group (the CI's collapsible section: it issues the CI's own commands,
// beside w, and returns the function that ends the section).
func WriteText(w io.Writer, rep verdict.Report, group func(title string) (end func())) error {
	for _, s := range TextSections(rep) {
		end := func() {}
		if s.Group && group != nil {
			end = group(s.Title)
		}
		_, err := io.WriteString(w, s.Body)
		end()
		if err != nil {
			return err
		}
	}
	return nil
}

// TextSections is the text report: a line per missing commit with what
// to do about it and one per adapted copy the gate accepted; then per
// lane a line that counts its verdicts and, as a group, every accepted
// commit with its evidence (so an OK can be audited from the log); then
// warnings, problems, notices and the result.
func TextSections(rep verdict.Report) []Section {
	var b strings.Builder
	n := ci.Neutralize
	s := rep.Summary()
	fmt.Fprintf(&b, "Backport gate for candidate %s (%s): %s, %s\n", short(rep.Candidate), n(rep.Main), Count(s.Lanes, "lane"), Count(s.Commits, "hotfix commit"))
	if line := policyLine(rep.Policy); line != "" {
		b.WriteString(n(line) + "\n")
	}
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			switch v.Status {
			case verdict.Missing:
				fmt.Fprintf(&b, "MISSING %s %s %q by %s: %s\n", n(l.Lane), short(v.Commit.SHA), n(v.Commit.Subject), n(v.Commit.Author), n(verdict.Remedy(v)))
				if v.Evidence != "" {
					fmt.Fprintf(&b, "  why: %s\n", n(v.Evidence))
				}
			case verdict.Adapted:
				// accepted, but a human should see each pairing
				fmt.Fprintf(&b, "ADAPTED %s %s %q: the main line has an adapted copy, %s\n", n(l.Lane), short(v.Commit.SHA), n(v.Commit.Subject), n(Evidence(v)))
			}
		}
	}
	sections := []Section{{Body: b.String()}}
	for _, l := range rep.Lanes {
		b.Reset()
		fmt.Fprintf(&b, "%s (base %s): %s\n", n(l.Lane), n(short(l.Base)), counts(l))
		for _, w := range l.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", n(w))
		}
		sections = append(sections, Section{Body: b.String()})
		if accepted := acceptedLines(l); accepted != "" {
			sections = append(sections, Section{Title: fmt.Sprintf("%s: the accepted hotfix commits and their evidence", l.Lane), Body: accepted, Group: true})
		}
	}
	b.Reset()
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "problem: %s\n", n(p))
	}
	for _, p := range rep.Notices {
		fmt.Fprintf(&b, "notice: %s\n", n(p))
	}
	switch {
	case s.Lanes == 0:
		b.WriteString("OK, but no lanes were found: nothing was checked (see the warning).\n")
	case s.Missing == 0:
		b.WriteString("OK: the candidate has every hotfix.\n")
	default:
		fmt.Fprintf(&b, "FAIL: %d hotfix commit(s) missing from the candidate. Backport them (the commands above); %s.\n", s.Missing, WaiveHint)
	}
	return append(sections, Section{Body: b.String()})
}

// WaiveHint says how to waive a hotfix commit that is already pushed.
const WaiveHint = "to waive one after the fact, add a \"Backport-Skip: <sha> <reason>\" trailer to a main-line commit, or a waiver (its sha and a reason) to .hotlane.yml"

// acceptedLines lists a lane's accepted commits, a line each: status,
// commit, subject, author, evidence, and who claimed it.
func acceptedLines(l verdict.LaneReport) string {
	var b strings.Builder
	n := ci.Neutralize
	for _, v := range l.Verdicts {
		if v.Status == verdict.Missing {
			continue
		}
		fmt.Fprintf(&b, "  %s %s %q by %s: %s\n", v.Status, short(v.Commit.SHA), n(v.Commit.Subject), n(v.Commit.Author), n(Evidence(v)))
	}
	return b.String()
}

// Evidence is a verdict's evidence for a reader: the cited commit
// shortened, who claimed it, and what was verified.
func Evidence(v verdict.Verdict) string {
	e := evidence(v.Evidence)
	var tail []string
	switch v.Claim {
	case verdict.ClaimHotfix:
		tail = append(tail, "claimed by the hotfix")
	case verdict.ClaimMainLine:
		tail = append(tail, "claimed by the main line")
	}
	if v.Note != "" {
		tail = append(tail, v.Note)
	}
	if len(tail) == 0 {
		return e
	}
	return e + " (" + strings.Join(tail, ", ") + ")"
}

// counts summarises a lane: "3 hotfix commits: 1 merged, 2 missing", or,
// when every one is settled, "12 settled (9 picked, 2 equivalent, 1
// waived)".
func counts(l verdict.LaneReport) string {
	if len(l.Verdicts) == 0 {
		return "no hotfix commits"
	}
	order := []string{verdict.Merged, verdict.Picked, verdict.Equivalent, verdict.Squashed, verdict.Reverted, verdict.Adapted,
		verdict.Superseded, verdict.ReleaseOnly, verdict.Waived, verdict.Missing}
	seen := map[string]int{}
	for _, v := range l.Verdicts {
		seen[v.Status]++
	}
	var parts []string
	for _, st := range order {
		if seen[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", seen[st], st))
		}
	}
	if seen[verdict.Missing] == 0 {
		return fmt.Sprintf("%d settled (%s)", len(l.Verdicts), strings.Join(parts, ", "))
	}
	return Count(len(l.Verdicts), "hotfix commit") + ": " + strings.Join(parts, ", ")
}

type jsonReport struct {
	Candidate string     `json:"candidate"`
	Main      string     `json:"main"`
	Lanes     []jsonLane `json:"lanes"`
	Summary   jsonSum    `json:"summary"`
	// Policy names the policy file in force (omitted when not known).
	Policy  *jsonPolicy `json:"policy,omitempty"`
	Notices []string    `json:"notices,omitempty"`
}

type jsonLane struct {
	Lane    string       `json:"lane"`
	Base    string       `json:"base"`
	Commits []jsonCommit `json:"commits"`
}

type jsonCommit struct {
	SHA      string `json:"sha"`
	Subject  string `json:"subject"`
	Author   string `json:"author"`
	Status   string `json:"status"`
	Evidence string `json:"evidence"`
	// Claim: "hotfix" (the hotfix's own message, verified) or "main-line"
	// (a reviewed main-line commit's trailer); absent for ancestry, the
	// patch and policy waivers.
	Claim string `json:"claim,omitempty"`
	// Note is what was verified or measured ("3 of 4 changed lines shared").
	Note string `json:"note,omitempty"`
}

type jsonSum struct {
	Lanes   int `json:"lanes"`
	Commits int `json:"commits"`
	Missing int `json:"missing"`
}

// JSON renders the report in the contract's shape (docs/contract.md),
// escaped for a CI log (ci.EscapeJSON: every "#" as \u0023, so a subject
// cannot spell an Azure command; bidi controls as \u escapes): the same
// JSON values.
func JSON(rep verdict.Report) ([]byte, error) {
	s := rep.Summary()
	out := jsonReport{Candidate: rep.Candidate, Main: rep.Main, Lanes: []jsonLane{}, Summary: jsonSum{s.Lanes, s.Commits, s.Missing},
		Policy: policyJSON(rep.Policy), Notices: rep.Notices}
	for _, l := range rep.Lanes {
		jl := jsonLane{Lane: l.Lane, Base: l.Base, Commits: []jsonCommit{}}
		for _, v := range l.Verdicts {
			jl.Commits = append(jl.Commits, jsonCommit{v.Commit.SHA, v.Commit.Subject, v.Commit.Author, v.Status, v.Evidence, v.Claim, v.Note})
		}
		out.Lanes = append(out.Lanes, jl)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(ci.EscapeJSON(data), '\n'), nil
}

// WriteFile writes a rendered report to path. A file is not a log, but it
// is often shown in one (cat, a JUnit publisher's failure text), so its
// lines go through the same guard as stdout: it breaks only what a runner
// reads as a command ("##vso[", "##[", a leading "::") and control
// characters, so markdown headings, tables and XML stay as rendered. The
// renderers have already escaped untrusted text for the format (markdown
// cells, XML, JSON).
func WriteFile(path string, rendered []byte) error {
	var file bytes.Buffer
	g := ci.NewGuard(&file)
	_, _ = g.Write(rendered)
	_ = g.Flush()
	return os.WriteFile(path, file.Bytes(), 0o644)
}
