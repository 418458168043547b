// Package report owns how the backport gate's answer is written: text for
// a terminal or a CI log, JSON exactly as docs/contract.md shows, markdown for step
// summaries and pull-request comments, and JUnit XML for Jenkins' junit
// step and Azure's Publish Test Results. Pure: it renders a
// backport.Report into bytes; text that came from git is neutralised
// wherever it lands in a log.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/ci"
)

// Formats lists the report formats; the first is the default.
var Formats = []string{"text", "json", "markdown", "junit"}

// Render writes rep in format.
func Render(format string, rep backport.Report) ([]byte, error) {
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
func BackportCommand(sha string) string { return backport.BackportCommand(sha) }

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// Text is the terminal report: one line per missing commit with the
// command that backports it, one per adapted copy the gate accepted, then
// a line per lane and the result.
func Text(rep backport.Report) string {
	var b strings.Builder
	n := ci.Neutralize
	s := rep.Summary()
	fmt.Fprintf(&b, "Backport gate for candidate %s (%s): %s, %s\n", short(rep.Candidate), n(rep.Main), Count(s.Lanes, "lane"), Count(s.Commits, "hotfix commit"))
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			switch v.Status {
			case backport.Missing:
				fmt.Fprintf(&b, "MISSING %s %s %q by %s: %s\n", n(l.Lane), short(v.Commit.SHA), n(v.Commit.Subject), n(v.Commit.Author), BackportCommand(v.Commit.SHA))
			case backport.Adapted:
				// accepted, but a human should see each pairing
				fmt.Fprintf(&b, "ADAPTED %s %s %q: the main line has an adapted copy, %s (same subject, shared paths, another patch)\n", n(l.Lane), short(v.Commit.SHA), n(v.Commit.Subject), short(n(v.Evidence)))
			}
		}
	}
	for _, l := range rep.Lanes {
		fmt.Fprintf(&b, "%s (base %s): %s\n", n(l.Lane), n(short(l.Base)), counts(l))
		for _, w := range l.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", n(w))
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "problem: %s\n", n(p))
	}
	switch {
	case s.Lanes == 0:
		b.WriteString("OK, but no lanes were found: nothing was checked (see the warning).\n")
	case s.Missing == 0:
		b.WriteString("OK: the candidate has every hotfix.\n")
	default:
		fmt.Fprintf(&b, "FAIL: %d hotfix commit(s) missing from the candidate. Backport them (the commands above), or waive one with a \"Backport: skip <reason>\" trailer.\n", s.Missing)
	}
	return b.String()
}

// counts summarises a lane: "3 hotfix commits: 1 merged, 2 missing".
func counts(l backport.LaneReport) string {
	if len(l.Verdicts) == 0 {
		return "no hotfix commits"
	}
	order := []string{backport.Merged, backport.Picked, backport.Equivalent, backport.Squashed, backport.Reverted, backport.Adapted, backport.Waived, backport.Missing}
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
	return Count(len(l.Verdicts), "hotfix commit") + ": " + strings.Join(parts, ", ")
}

type jsonReport struct {
	Candidate string     `json:"candidate"`
	Main      string     `json:"main"`
	Lanes     []jsonLane `json:"lanes"`
	Summary   jsonSum    `json:"summary"`
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
}

type jsonSum struct {
	Lanes   int `json:"lanes"`
	Commits int `json:"commits"`
	Missing int `json:"missing"`
}

// JSON renders the report in the contract's shape (docs/contract.md). Every "#" is escaped as
// \u0023 (the same JSON), so a subject cannot spell an Azure command when
// the JSON lands in a log.
func JSON(rep backport.Report) ([]byte, error) {
	s := rep.Summary()
	out := jsonReport{Candidate: rep.Candidate, Main: rep.Main, Lanes: []jsonLane{}, Summary: jsonSum{s.Lanes, s.Commits, s.Missing}}
	for _, l := range rep.Lanes {
		jl := jsonLane{Lane: l.Lane, Base: l.Base, Commits: []jsonCommit{}}
		for _, v := range l.Verdicts {
			jl.Commits = append(jl.Commits, jsonCommit{v.Commit.SHA, v.Commit.Subject, v.Commit.Author, v.Status, v.Evidence})
		}
		out.Lanes = append(out.Lanes, jl)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(strings.ReplaceAll(string(data), "#", `\u0023`)), '\n'), nil
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
