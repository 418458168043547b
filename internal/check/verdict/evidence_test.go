package verdict

import (
	"strings"
	"testing"
)

func withPaths(c Commit, paths ...string) Commit {
	c.Paths = paths
	return c
}

func mainWithPaths(m MainCommit, paths ...string) MainCommit {
	m.Paths = paths
	return m
}

// TestEvidenceTeamsLeave: adapted copies, pull-request references and
// reverts by subject, each with the cases that must not count.
func TestEvidenceTeamsLeave(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lane   []Commit
		main   []MainCommit
		strict bool
		want   []string
		// unrelated names commits whose change shares no line with the
		// others' (the engine's measure)
		unrelated []string
	}{
		{
			name: "adapted: the same fix by subject, sharing a path, another patch",
			lane: []Commit{withPaths(hotfix("h1", "[release/2.2] fix: round prices (#12)", "p1"), "price.go")},
			main: []MainCommit{mainWithPaths(mainline("m1", "fix: Round  prices (#10)", "p2"), "price.go", "price_test.go")},
			want: []string{"adapted " + sha("m1")},
		},
		{
			name:      "not adapted: the same subject, an unrelated change",
			lane:      []Commit{withPaths(hotfix("h1", "fix: round prices", "p1"), "price.go")},
			main:      []MainCommit{mainWithPaths(mainline("m1", "fix: round prices", "p2"), "docs/prices.md")},
			unrelated: []string{sha("m1")},
			want:      []string{"missing "},
		},
		{
			name: "adapted: the best witness shares the most lines, not the newest",
			lane: []Commit{withPaths(hotfix("h1", "Update mailmap", "p1"), ".mailmap")},
			main: []MainCommit{mainline("m1", "Update mailmap", "p2"), mainline("m2", "Update mailmap", "p3")},
			// m1 (newest) is another release's mailmap update
			unrelated: []string{sha("m1")},
			want:      []string{"adapted " + sha("m2")},
		},
		{
			name:      "not picked: a pull-request number whose merge is another change",
			lane:      []Commit{withPaths(hotfix("h1", "fix: the bug (#5)", "p1"), "bug.go")},
			main:      []MainCommit{mainline("m1", "feature Z (#5)", "p2")},
			unrelated: []string{sha("m1")},
			want:      []string{"missing it cites pull request #5, merged as " + sha("m1")[:12] + ", not verified: no changed line in common"},
		},
		{
			name:      "not reverted: a revert by subject that undoes nothing",
			lane:      []Commit{hotfix("h1", "fix: rounding", "p1"), hotfix("r1", `Revert "fix: rounding"`, "")},
			unrelated: []string{sha("r1")},
			want:      []string{"missing ", "missing "},
		},
		{
			name: "not adapted: another subject on the same path",
			lane: []Commit{withPaths(hotfix("h1", "fix: round prices", "p1"), "price.go")},
			main: []MainCommit{mainWithPaths(mainline("m1", "feat: price tiers", "p2"), "price.go")},
			want: []string{"missing "},
		},
		{
			name:   "strict: an adapted copy is named, and the hotfix is still missing",
			lane:   []Commit{withPaths(hotfix("h1", "Backport: fix: round prices", "p1"), "price.go")},
			main:   []MainCommit{mainWithPaths(mainline("m1", "fix: round prices", "p2"), "price.go")},
			strict: true,
			want:   []string{"missing an adapted copy is " + sha("m1")[:12] + ", not accepted (--strict)"},
		},
		{
			name: "a cherry-picked pull request, cited with the backport's own number",
			lane: []Commit{hotfix("h1", "Cherry-pick #8957 to v1.80.x (#9007)", "p1")},
			main: []MainCommit{mainline("m1", "xds: fix the watcher (#8957)", "p2")},
			want: []string{"picked pull request #8957 " + sha("m1")[:12]},
		},
		{
			name: "one hotfix carrying two pull requests, both merged",
			lane: []Commit{hotfix("h1", "Cherry pick #9055, #9032 to v1.81.x", "p1")},
			main: []MainCommit{mainline("m1", "a (#9055)", "p2"), mainline("m2", "Merge pull request #9032 from dana/b", "")},
			want: []string{"picked pull requests #9032 " + sha("m2")[:12] + ", #9055 " + sha("m1")[:12]},
		},
		{
			name: "one of two pull requests not merged: missing",
			lane: []Commit{hotfix("h1", "Cherry pick #9055, #9032", "p1")},
			main: []MainCommit{mainline("m1", "a (#9055)", "p2")},
			want: []string{"missing it cites pull request #9032, which the main line did not merge after the base"},
		},
		{
			name: "a pull request that is not on the main line: missing",
			lane: []Commit{hotfix("h1", "fix: rounding\n\nBackport of #4242", "p1")},
			main: []MainCommit{mainline("m1", "fix: rounding elsewhere (#4241)", "p2")},
			want: []string{"missing it cites pull request #4242, which the main line did not merge after the base"},
		},
		{
			name: "the same pull request number at the end of both subjects",
			lane: []Commit{hotfix("h1", "fix: rounding (#77)", "p1")},
			main: []MainCommit{mainline("m1", "fix: rounding (#77)", "p2")},
			want: []string{"picked pull request #77 " + sha("m1")[:12]},
		},
		{
			name: "a pull request merged into another lane's range does not count",
			lane: []Commit{hotfix("h1", "Backport of #5", "p1")},
			main: []MainCommit{mainline("m1", "fix (#5)", "p2", 1)},
			want: []string{"missing it cites pull request #5, which the main line did not merge after the base"},
		},
		{
			name: "a revert squash-merged without its sha, by subject",
			lane: []Commit{hotfix("h1", "fix: rounding", "p1"), hotfix("h2", "other", "p2"), hotfix("r1", `Revert "fix: rounding"`, "-p1")},
			want: []string{"reverted " + sha("r1"), "missing ", "reverted " + sha("h1")},
		},
		{
			name: "a revert by subject of a subject the lane does not have",
			lane: []Commit{hotfix("r1", `Revert "fix: elsewhere"`, "-p9")},
			want: []string{"missing "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := Input{Candidate: sha("cand"), Main: "main", MainLine: tt.main, InCandidate: map[string]bool{}, Strict: tt.strict,
				Lanes: []Lane{{Name: "hotfix/7", Base: "prod-7", Commits: tt.lane}}}
			wantVerdicts(t, analyze(t, related(in, tt.unrelated...)), tt.want)
		})
	}
}

// TestPickedThroughAnotherLane: a backport passed from one release line to
// the next names the first lane's commit; it has what that commit has.
func TestPickedThroughAnotherLane(t *testing.T) {
	t.Parallel()
	first := hotfix("h1", "fix: rounding", "p1")
	passed := hotfix("h2", "fix: rounding\n\n(cherry picked from commit "+sha("h1")+")", "p1b")
	stray := hotfix("h3", "fix: other\n\n(cherry picked from commit "+sha("h4")+")", "p3")
	main := []MainCommit{mainline("m1", "fix: rounding, adapted", "p1", 0, 1)}
	in := Input{Candidate: sha("cand"), Main: "main", MainLine: main, InCandidate: map[string]bool{},
		Lanes: []Lane{{Name: "hotfix/7", Commits: []Commit{first}}, {Name: "hotfix/8", Commits: []Commit{passed, stray}}}}
	rep := analyze(t, related(in))
	if v := rep.Lanes[0].Verdicts[0]; v.Status != Equivalent {
		t.Fatalf("the first lane's commit: %+v", v)
	}
	v := rep.Lanes[1].Verdicts[0]
	if v.Status != Picked || !strings.Contains(v.Evidence, sha("h1")[:12]+" of hotfix/7, equivalent: "+sha("m1")) {
		t.Errorf("the passed backport: %s %q", v.Status, v.Evidence)
	}
	if v := rep.Lanes[1].Verdicts[1]; v.Status != Missing {
		t.Errorf("a pick of a commit nobody has: %s %q", v.Status, v.Evidence)
	}
}

// TestPickedThroughAChain: a hotfix picked from a commit the candidate
// lacks, which was itself picked from a main-line commit.
func TestPickedThroughAChain(t *testing.T) {
	t.Parallel()
	lane := []Commit{
		hotfix("h1", "fix\n\n(cherry picked from commit "+sha("x1")+")", "p1"),
		hotfix("h2", "fix 2\n\n(cherry picked from commit "+sha("x2")+")", "p2"),
	}
	in := Input{Candidate: sha("cand"), MainLine: []MainCommit{mainline("m1", "fix", "p9")}, InCandidate: map[string]bool{},
		PickedVia: map[string][]string{sha("x1"): {sha("m1")}, sha("x2"): {sha("m4")}},
		Lanes:     []Lane{{Name: "hotfix/7", Commits: lane}}}
	got := analyze(t, related(in)).Lanes[0].Verdicts
	if want := "picked " + sha("m1") + " (through " + sha("x1")[:12] + ")"; got[0].Status+" "+got[0].Evidence != want {
		t.Errorf("through a chain: %s %q, want %q", got[0].Status, got[0].Evidence, want)
	}
	if got[1].Status != Missing {
		t.Errorf("a chain to a commit the main line lacks: %s %q", got[1].Status, got[1].Evidence)
	}
}

func TestNormalizeSubject(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"[release/2.2] fix: round prices (#12)":  "fix: round prices",
		"[backport 1.7] [ci] Fix  the   watcher": "fix the watcher",
		"Backport: fix: x (#1) (#2)":             "fix: x",
		"release-1.7: update go to 1.22":         "update go to 1.22",
		"Cherry-pick: xds: fix":                  "xds: fix",
		"fix: a (#12) in the middle (#13)":       "fix: a (#12) in the middle",
		"(backport) fix: x":                      "fix: x",
		"Revert \"fix: x\"":                      "revert \"fix: x\"",
		"  plain subject  ":                      "plain subject",
	} {
		if got := NormalizeSubject(in); got != want {
			t.Errorf("NormalizeSubject(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNormalizeSubject: the tests of a subject's first and last character
// change nothing: the subject normalises as the expressions alone
// normalise it.
func FuzzNormalizeSubject(f *testing.F) {
	for _, s := range []string{"[release/2.2] fix: round prices (#12)", "Backport: fix: x (#1) (#2)", " \t(backport) x", "RELEASE-1.7 - y ( #1 )", "\fcherry-picked: z (#9)\r", "plain", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		s := subject
		for {
			u := leadingTagRE.ReplaceAllString(s, "")
			u = leadingWordRE.ReplaceAllString(u, "")
			u = trailingPRRE.ReplaceAllString(u, "")
			if u == s {
				break
			}
			s = u
		}
		want := strings.ToLower(strings.Join(strings.Fields(s), " "))
		if got := NormalizeSubject(subject); got != want {
			t.Fatalf("NormalizeSubject(%q) = %q, the expressions alone give %q", subject, got, want)
		}
	})
}
