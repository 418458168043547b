package verdict

import (
	"strings"
	"testing"
)

// sha makes a recognisable 40-hex sha from a short name ("h1" → "h1" + 0s
// padded with its hex spelling).
func sha(name string) string {
	var b strings.Builder
	for _, r := range name {
		b.WriteString(strings.ToLower(strings.TrimPrefix(string("0123456789abcdef"[int(r)%16]), "")))
	}
	s := b.String() + strings.Repeat("0", 40)
	return s[:40]
}

func TestSHAHelperIsUnique(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for _, n := range []string{"h1", "h2", "h3", "h4", "m1", "m2", "m3", "m4", "r1", "r2"} {
		if other, dup := seen[sha(n)]; dup {
			t.Fatalf("sha(%s) == sha(%s)", n, other)
		}
		seen[sha(n)] = n
	}
}

func hotfix(name, msg, patch string) Commit {
	return Commit{SHA: sha(name), Subject: strings.SplitN(msg, "\n", 2)[0], Author: "Dana", Message: msg, PatchID: patch, Empty: patch == ""}
}

func mainline(name, msg, patch string, lanes ...int) MainCommit {
	set := NewLaneSet(4)
	if len(lanes) == 0 {
		lanes = []int{0}
	}
	for _, l := range lanes {
		set.Add(l)
	}
	return MainCommit{Commit: Commit{SHA: sha(name), Subject: msg, Author: "Max", Message: msg, PatchID: patch}, Lanes: set}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		lane        []Commit
		ranges      map[Range]string
		main        []MainCommit
		inCandidate []string
		want        []string // "status evidence" per lane commit
		problem     string
	}{
		{
			name: "missing",
			lane: []Commit{hotfix("h1", "fix: rounding", "p1")},
			want: []string{"missing "},
		},
		{
			name:        "merged back",
			lane:        []Commit{hotfix("h1", "fix", "p1")},
			inCandidate: []string{sha("h1")},
			want:        []string{"merged " + sha("h1")},
		},
		{
			name: "cherry-picked with -x",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "fix\n\n(cherry picked from commit "+sha("h1")+")", "other")},
			want: []string{"picked " + sha("m1")},
		},
		{
			name: "Backport-Of with an abbreviated sha",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "fix\n\nBackport-Of: "+sha("h1")[:9], "other")},
			want: []string{"picked " + sha("m1")},
		},
		{
			name: "a hotfix that is itself a cherry-pick of a main commit",
			lane: []Commit{hotfix("h1", "fix\n\n(cherry picked from commit "+sha("m1")+")", "p1")},
			main: []MainCommit{mainline("m1", "fix on main", "p0")},
			want: []string{"picked " + sha("m1")},
		},
		{
			// the release already had it: "Backport-Of: <the release commit>"
			name:        "a hotfix picked from a main commit older than the lane",
			lane:        []Commit{hotfix("h1", "fix\n\n(cherry picked from commit "+sha("m9")+")", "p1")},
			inCandidate: []string{sha("m9")},
			want:        []string{"missing it names " + sha("m9")[:12] + ", which the release already had (not after the base)"},
		},
		{
			name: "a hotfix's own Backport-Of is believed once its change confirms it",
			lane: []Commit{hotfix("h1", "fix\n\nBackport-Of: "+sha("m1"), "p1")},
			main: []MainCommit{mainline("m1", "fix on main", "p2")},
			want: []string{"picked " + sha("m1")},
		},
		{
			name: "a main-line pick later reverted on main is no evidence",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m2", "Revert \"fix\"\n\nThis reverts commit "+sha("m1")+".", "p3"),
				mainline("m1", "fix\n\n(cherry picked from commit "+sha("h1")+")", "p2")},
			want: []string{"missing "},
		},
		{
			name: "a sha named in prose counts when the change confirms it",
			lane: []Commit{hotfix("h1", "fix: x\n\nAlready merged to main ("+sha("m1")[:9]+").", "p1")},
			main: []MainCommit{mainline("m1", "fix: x, another subject", "p2")},
			want: []string{"picked " + sha("m1")},
		},
		{
			name: "a pick trailer naming a commit the candidate lacks",
			lane: []Commit{hotfix("h1", "fix\n\nBackport-Of: "+sha("m9"), "p1")},
			want: []string{"missing "},
		},
		{
			name: "same patch without a trailer",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "fix, reapplied by hand", "p1")},
			want: []string{"equivalent " + sha("m1")},
		},
		{
			name: "a main commit that counts for another lane only",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "older fix", "p1", 1)},
			want: []string{"missing "},
		},
		{
			name:   "squashed: the whole lane in one main commit",
			lane:   []Commit{hotfix("h1", "fix 1", "p1"), hotfix("h2", "fix 2", "p2")},
			ranges: map[Range]string{{0, 1}: "p12"},
			main:   []MainCommit{mainline("m1", "squash", "p12")},
			want:   []string{"squashed " + sha("m1"), "squashed " + sha("m1")},
		},
		{
			name:   "squash of only part of a lane",
			lane:   []Commit{hotfix("h1", "fix 1", "p1"), hotfix("h2", "fix 2", "p2"), hotfix("h3", "fix 3", "p3")},
			ranges: map[Range]string{{0, 1}: "p12", {1, 2}: "p23", {0, 2}: "p123"},
			main:   []MainCommit{mainline("m1", "squash of 2 and 3", "p23")},
			want:   []string{"missing ", "squashed " + sha("m1"), "squashed " + sha("m1")},
		},
		{
			name:   "an empty commit beside a squash is not squashed",
			lane:   []Commit{hotfix("h1", "fix", "p1"), hotfix("h2", "chore: empty\n\nBackport: skip nothing to port", "")},
			ranges: map[Range]string{{0, 1}: "p1"},
			main:   []MainCommit{mainline("m1", "fix, re-done", "p1")},
			want:   []string{"equivalent " + sha("m1"), "waived nothing to port (by Dana)"},
		},
		{
			name: "reverted later in the lane",
			lane: []Commit{hotfix("h1", "fix", "p1"), hotfix("r1", "Revert \"fix\"\n\nThis reverts commit "+sha("h1")+".", "-p1")},
			want: []string{"reverted " + sha("r1"), "reverted " + sha("h1")},
		},
		{
			name: "a revert of a revert re-applies the change",
			lane: []Commit{
				hotfix("h1", "fix", "p1"),
				hotfix("r1", "Revert \"fix\"\n\nThis reverts commit "+sha("h1")+".", "-p1"),
				hotfix("r2", "Reapply \"fix\"\n\nThis reverts commit "+sha("r1")+".", "p1"),
			},
			want: []string{"reverted " + sha("r1"), "reverted " + sha("h1"), "missing "},
		},
		{
			name: "a revert of a revert, with the fix picked to main",
			lane: []Commit{
				hotfix("h1", "fix", "p1"),
				hotfix("r1", "Revert \"fix\"\n\nThis reverts commit "+sha("h1")+".", "-p1"),
				hotfix("r2", "Reapply \"fix\"\n\nThis reverts commit "+sha("r1")+".", "p1"),
			},
			main: []MainCommit{mainline("m1", "fix\n\n(cherry picked from commit "+sha("h1")+")", "p1")},
			want: []string{"picked " + sha("m1"), "reverted " + sha("h1"), "equivalent " + sha("m1")},
		},
		{
			name: "waived in the hotfix",
			lane: []Commit{hotfix("h1", "chore: bump prod config\n\nBackport: skip production-only setting", "p1")},
			want: []string{"waived production-only setting (by Dana)"},
		},
		{
			name:    "a waiver without a reason is not accepted",
			lane:    []Commit{hotfix("h1", "chore\n\nBackport: skip", "p1")},
			want:    []string{"missing "},
			problem: "waiver has no reason",
		},
		{
			name: "waived from the main line",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "refactor\n\nBackport-Skip: "+sha("h1")[:12]+" rewritten on main in m1", "p9")},
			want: []string{"waived rewritten on main in m1 (by Max in " + sha("m1")[:12] + ")"},
		},
		{
			name:    "a main-line waiver without a reason",
			lane:    []Commit{hotfix("h1", "fix", "p1")},
			main:    []MainCommit{mainline("m1", "x\n\nBackport-Skip: "+sha("h1"), "p9")},
			want:    []string{"missing "},
			problem: "has no reason",
		},
		{
			name:        "precedence: merged beats every other rule",
			lane:        []Commit{hotfix("h1", "fix\n\nBackport: skip because", "p1")},
			main:        []MainCommit{mainline("m1", "(cherry picked from commit "+sha("h1")+")", "p1")},
			inCandidate: []string{sha("h1")},
			want:        []string{"merged " + sha("h1")},
		},
		{
			name: "precedence: picked beats equivalent",
			lane: []Commit{hotfix("h1", "fix", "p1")},
			main: []MainCommit{mainline("m1", "same patch", "p1"), mainline("m2", "Backport-Of: "+sha("h1"), "p2")},
			want: []string{"picked " + sha("m2")},
		},
		{
			name: "precedence: equivalent beats reverted and waived",
			lane: []Commit{hotfix("h1", "fix\n\nBackport: skip later", "p1"), hotfix("r1", "This reverts commit "+sha("h1"), "-p1")},
			main: []MainCommit{mainline("m1", "same", "p1")},
			want: []string{"equivalent " + sha("m1"), "reverted " + sha("h1")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := Input{Candidate: sha("cand"), Main: "main", MainLine: tt.main, InCandidate: map[string]bool{},
				Lanes: []Lane{{Name: "hotfix/7", Base: "prod-7", Commits: tt.lane, Ranges: tt.ranges}}}
			for _, s := range tt.inCandidate {
				in.InCandidate[s] = true
			}
			rep := analyze(t, related(in))
			wantVerdicts(t, rep, tt.want)
			problems := strings.Join(rep.Problems, "\n")
			if (tt.problem == "") != (problems == "") || !strings.Contains(problems, tt.problem) {
				t.Errorf("problems %q, want %q", problems, tt.problem)
			}
		})
	}
}

// wantVerdicts checks a one-lane report's "status evidence" per commit.
func wantVerdicts(t *testing.T, rep Report, want []string) {
	t.Helper()
	if len(rep.Lanes) != 1 || len(rep.Lanes[0].Verdicts) != len(want) {
		t.Fatalf("report %+v", rep)
	}
	for i, v := range rep.Lanes[0].Verdicts {
		if got := v.Status + " " + v.Evidence; got != want[i] {
			t.Errorf("commit %d: %q, want %q", i, got, want[i])
		}
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	rep := Report{Lanes: []LaneReport{
		{Verdicts: []Verdict{{Status: Missing}, {Status: Merged}}},
		{Verdicts: []Verdict{{Status: Missing}}},
		{},
	}}
	if got := rep.Summary(); got != (Summary{Lanes: 3, Commits: 3, Missing: 2}) {
		t.Errorf("Summary = %+v", got)
	}
}

func TestLaneSet(t *testing.T) {
	t.Parallel()
	s := NewLaneSet(130)
	s.Add(0)
	s.Add(129)
	if !s.Has(0) || !s.Has(129) || s.Has(64) || s.Has(500) {
		t.Errorf("LaneSet = %v", s)
	}
}

func TestLaneSetIntersects(t *testing.T) {
	t.Parallel()
	a, b, c := NewLaneSet(130), NewLaneSet(130), NewLaneSet(2)
	a.Add(3)
	a.Add(129)
	b.Add(129)
	c.Add(1)
	if !a.Intersects(b) || !b.Intersects(a) {
		t.Error("sets sharing lane 129 do not intersect")
	}
	if a.Intersects(c) || c.Intersects(a) || NewLaneSet(0).Intersects(a) {
		t.Error("disjoint sets intersect")
	}
}

// related fills in.Relations as the engine would for changes that relate:
// every pair Claims and Witnesses ask about shares 3 of the hotfix's 4
// changed lines (a revert undoes all 4), except pairs naming one of the
// commits in unrelated, which share nothing.
func related(in Input, unrelated ...string) Input {
	in.Relations = map[Pair]Relation{}
	off := map[string]bool{}
	for _, u := range unrelated {
		off[u] = true
	}
	for _, p := range append(Claims(in), Witnesses(in)...) {
		switch {
		case off[p.Hotfix] || off[p.Other]:
			in.Relations[p] = Relation{Of: 4}
		case p.Undo:
			in.Relations[p] = Relation{Lines: 4, Of: 4}
		default:
			in.Relations[p] = Relation{Lines: 3, Of: 4}
		}
	}
	return in
}
