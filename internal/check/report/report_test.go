package report

import (
	"encoding/json"
	"encoding/xml"
	"sort"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/testkit/golden"
)

func sample() verdict.Report {
	c := func(sha, subject, author string) verdict.Commit {
		return verdict.Commit{SHA: sha, Subject: subject, Author: author}
	}
	return verdict.Report{
		Candidate: "5d2c0f6a81b2c3d4e5f60718293a4b5c6d7e8f90",
		Main:      "main",
		Lanes: []verdict.LaneReport{
			{Lane: "hotfix/41", Base: "prod-41", Verdicts: []verdict.Verdict{
				{Commit: c("1111111111111111111111111111111111111111", "fix: rounding", "Dana Developer"), Status: "picked", Evidence: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
				{Commit: c("2222222222222222222222222222222222222222", "fix: ::set-output name=x::y | <b>bold</b>", "Eve ##vso[task.complete]"), Status: "missing"},
				{Commit: c("3333333333333333333333333333333333333333", "chore: prod flag", "Dana Developer"), Status: "waived", Evidence: "production-only (by Dana Developer)"},
				{Commit: c("5555555555555555555555555555555555555555", "[release/41] fix: tax ##[error]", "Dana Developer"), Status: "adapted", Evidence: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},
				{Commit: c("6666666666666666666666666666666666666666", "chore(release): 41.1", "Dana Developer"), Status: "waived", Evidence: "release housekeeping (.hotlane.yml waivers[0])"},
				{Commit: c("7777777777777777777777777777777777777777", "fix: cache (#12)", "Dana Developer"), Status: "picked", Evidence: "pull request #12 cccccccccccc",
					Claim: verdict.ClaimHotfix, Note: "verified: 3 of 4 changed lines shared"},
				{Commit: c("8888888888888888888888888888888888888888", "build(deps): bump golang.org/x/net", "bot"), Status: "superseded",
					Evidence: "go.mod golang.org/x/net: v0.30.0 on the lane, v0.31.0 on main", Note: "the candidate pins the same or newer versions"},
			}},
			{Lane: "hotfix/40", Base: "prod-40", Verdicts: []verdict.Verdict{
				{Commit: c("aaaa111111111111111111111111111111111111", "Prepare release notes for v1.7.25", "Rel Eng"), Status: "release-only",
					Evidence: "releases/v1.7.25.toml: release notes of v1.7.25", Note: "the release's own identity"},
				{Commit: c("aaaa222222222222222222222222222222222222", "fix: x", "Dana Developer"), Status: "picked", Evidence: "dddddddddddddddddddddddddddddddddddddddd", Claim: verdict.ClaimMainLine},
			}},
			{Lane: "hotfix/42", Base: "9999999999999999999999999999999999999999", Warnings: []string{"release tag prod-42 not found: compared from the merge-base 999999999999"}},
		},
		Problems: []string{"hotfix/41: commit 444444444444 \"chore\": its waiver has no reason"},
		Notices:  []string{"hotfix/40: 999 \"Revert ::x\" reverts 111, which the main line keeps"},
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
	// SPEC.md's keys, and the notices a reviewer should read (absent when none)
	if got := keys(doc); got != "candidate,lanes,main,notices,summary" {
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
	claimed := lane["commits"].([]any)[5].(map[string]any)
	if got := keys(claimed); got != "author,claim,evidence,note,sha,status,subject" || claimed["claim"] != "hotfix" {
		t.Errorf("a claimed commit: %v", claimed)
	}
}

// TestTextGroupsTheEvidence: every accepted commit is listed with its
// evidence inside a group the CI may fold; the lane's counting line and
// the missing commits stay outside.
func TestTextGroupsTheEvidence(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	err := WriteText(&b, sample(), func(title string) func() {
		b.WriteString("[group " + title + "]\n")
		return func() { b.WriteString("[end]\n") }
	})
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"MISSING hotfix/41 222222222222",
		"hotfix/40 (base prod-40): 2 settled (1 picked, 1 release-only)\n[group hotfix/40: the accepted hotfix commits and their evidence]\n",
		"  picked 777777777777 \"fix: cache (#12)\" by Dana Developer: pull request #12 cccccccccccc (claimed by the hotfix, verified: 3 of 4 changed lines shared)\n",
		"(claimed by the main line)\n[end]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "[group ") != 2 || strings.Contains(out, "[group hotfix/42") {
		t.Errorf("groups:\n%s", out)
	}
	if plain := Text(sample()); strings.Contains(plain, "[group") || !strings.Contains(plain, "  superseded 888888888888") {
		t.Errorf("plain text:\n%s", plain)
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
	if suites.Tests != 9 || suites.Failures != 1 || suites.Skipped != 2 || len(suites.Suites) != 3 {
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
	if !strings.Contains(md, "(8 more rows left out") || strings.Count(md, "| hotfix/41 |") != 1 {
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
