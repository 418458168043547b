package report

import (
	"encoding/json"
	"encoding/xml"
	"sort"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/golden"
)

func sample() backport.Report {
	c := func(sha, subject, author string) backport.Commit {
		return backport.Commit{SHA: sha, Subject: subject, Author: author}
	}
	return backport.Report{
		Candidate: "5d2c0f6a81b2c3d4e5f60718293a4b5c6d7e8f90",
		Main:      "main",
		Lanes: []backport.LaneReport{
			{Lane: "hotfix/41", Base: "prod-41", Verdicts: []backport.Verdict{
				{Commit: c("1111111111111111111111111111111111111111", "fix: rounding", "Dana Developer"), Status: "picked", Evidence: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
				{Commit: c("2222222222222222222222222222222222222222", "fix: ::set-output name=x::y | <b>bold</b>", "Eve ##vso[task.complete]"), Status: "missing"},
				{Commit: c("3333333333333333333333333333333333333333", "chore: prod flag", "Dana Developer"), Status: "waived", Evidence: "production-only (by Dana Developer)"},
				{Commit: c("5555555555555555555555555555555555555555", "[release/41] fix: tax ##[error]", "Dana Developer"), Status: "adapted", Evidence: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
				{Commit: c("6666666666666666666666666666666666666666", "chore(release): 41.1", "Dana Developer"), Status: "waived", Evidence: "release housekeeping (.hotlane.yml waivers[0])"},
			}},
			{Lane: "hotfix/42", Base: "9999999999999999999999999999999999999999", Warnings: []string{"release tag prod-42 not found: compared from the merge-base 999999999999"}},
		},
		Problems: []string{"hotfix/41: commit 444444444444 \"chore\": its waiver has no reason"},
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, format := range Formats {
		got, err := Render(format, sample())
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "report."+format, got)
	}
}

func TestJSONShapeIsSpecs(t *testing.T) {
	t.Parallel()
	data, err := JSON(sample())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		sort.Strings(k)
		return strings.Join(k, ",")
	}
	if got := keys(doc); got != "candidate,lanes,main,summary" {
		t.Errorf("top-level keys %s", got)
	}
	lane := doc["lanes"].([]any)[0].(map[string]any)
	if got := keys(lane); got != "base,commits,lane" {
		t.Errorf("lane keys %s", got)
	}
	commit := lane["commits"].([]any)[1].(map[string]any)
	if got := keys(commit); got != "author,evidence,sha,status,subject" {
		t.Errorf("commit keys %s", got)
	}
	if commit["author"] != "Eve ##vso[task.complete]" {
		t.Errorf("author did not round-trip: %q", commit["author"])
	}
	if strings.Contains(string(data), "##vso") {
		t.Errorf("raw ##vso in JSON output")
	}
	if got := keys(doc["summary"].(map[string]any)); got != "commits,lanes,missing" {
		t.Errorf("summary keys %s", got)
	}
}

func TestJUnitReadsBack(t *testing.T) {
	t.Parallel()
	data, err := JUnit(sample())
	if err != nil {
		t.Fatal(err)
	}
	var suites junitSuites
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatal(err)
	}
	if suites.Tests != 5 || suites.Failures != 1 || suites.Skipped != 2 || len(suites.Suites) != 2 {
		t.Errorf("suites %+v", suites)
	}
	failed := suites.Suites[0].Cases[1]
	if failed.Failure == nil || !strings.Contains(failed.Failure.Text, "git cherry-pick -x 2222222222222222222222222222222222222222") {
		t.Errorf("failure case %+v", failed)
	}
}

func TestMarkdownLimit(t *testing.T) {
	t.Parallel()
	md := Markdown(sample(), 1)
	if !strings.Contains(md, "(4 more rows left out") || strings.Count(md, "| hotfix/41 |") != 1 {
		t.Errorf("limited markdown:\n%s", md)
	}
}

func TestTextNeutralisesCommitText(t *testing.T) {
	t.Parallel()
	for _, line := range strings.Split(Text(sample()), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##vso[") {
			t.Errorf("text report line can issue a CI command: %q", line)
		}
	}
}
