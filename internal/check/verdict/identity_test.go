package verdict

import (
	"slices"
	"strings"
	"testing"
)

// TestIdentityStatuses: superseded, release-only and a lane merge's own
// change, decided on what the engine read, and what --strict keeps.
func TestIdentityStatuses(t *testing.T) {
	t.Parallel()
	pin := func(satisfied bool, main string) Commit {
		c := withPaths(hotfix("h1", "build(deps): bump x", "p1"), "go.mod", "go.sum")
		c.Pins = []PinMove{{Path: "go.mod", Name: "example.com/x", Lane: "v1.2.3", Main: main, Satisfied: satisfied}}
		return c
	}
	notes := withPaths(hotfix("h2", "Prepare release notes for v1.7.25", "p2"), "releases/v1.7.25.toml")
	notes.Release = []string{"releases/v1.7.25.toml: release notes of v1.7.25"}
	declared := withPaths(hotfix("h3", "ci: release branch pipeline", "p3"), ".github/workflows/release-1.7.yml")
	code := withPaths(hotfix("h4", "ci: and a fix", "p4"), ".github/workflows/release-1.7.yml", "main.go")
	merge := withPaths(hotfix("h5", "Merge branch pick", ""), "prod.go")
	merge.Merge, merge.Evil, merge.Empty = true, []string{"prod.go"}, false
	tests := []struct {
		name   string
		lane   []Commit
		strict bool
		want   string
	}{
		{"a pin main has newer", []Commit{pin(true, "v1.3.0")}, false, "superseded go.mod example.com/x: v1.2.3 on the lane, v1.3.0 on main"},
		{"a pin main lacks", []Commit{pin(false, "")}, false, "missing "},
		{"a pin main has older", []Commit{pin(false, "v1.2.0")}, false, "missing "},
		{"superseded under --strict", []Commit{pin(true, "v1.3.0")}, true, "missing superseded (go.mod example.com/x: v1.2.3 on the lane, v1.3.0 on main), not accepted (--strict)"},
		{"release notes", []Commit{notes}, false, "release-only releases/v1.7.25.toml: release notes of v1.7.25"},
		{"release notes under --strict", []Commit{notes}, true, "missing release-only (releases/v1.7.25.toml: release notes of v1.7.25), not accepted (--strict)"},
		{"paths the policy declares release-only", []Commit{declared}, false, "release-only only paths the policy declares release-only (.hotlane.yml release-only: .github/workflows/release-*.yml): .github/workflows/release-1.7.yml"},
		{"a code change beside them", []Commit{code}, false, "missing "},
		{"a lane merge's own change", []Commit{merge}, false, "missing the merge changes prod.go beyond its parents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := Input{Candidate: sha("cand"), Main: "main", InCandidate: map[string]bool{}, Strict: tt.strict,
				ReleaseOnlyPaths: []string{".github/workflows/release-*.yml"},
				Lanes:            []Lane{{Name: "hotfix/7", Base: "prod-7", Commits: tt.lane}}}
			wantVerdicts(t, analyze(t, related(in)), []string{tt.want})
		})
	}
	// a merge's own change is merged once the candidate has the merge
	in := Input{InCandidate: map[string]bool{merge.SHA: true}, Lanes: []Lane{{Name: "hotfix/7", Commits: []Commit{merge}}}}
	if v := analyze(t, in).Lanes[0].Verdicts[0]; v.Status != Merged || !strings.HasPrefix(Remedy(v), "port the merge") {
		t.Errorf("merge: %+v", v)
	}
}

// TestLaneOnlyRevertIsANotice: a lane revert of a change the main line
// keeps is reverted, and said.
func TestLaneOnlyRevertIsANotice(t *testing.T) {
	t.Parallel()
	lane := []Commit{hotfix("h1", "fix: cache", "p1"), hotfix("r1", "Revert \"fix: cache\"\n\nThis reverts commit "+sha("h1")+".", "-p1")}
	in := Input{InCandidate: map[string]bool{}, MainLine: []MainCommit{mainline("m1", "fix: cache\n\n(cherry picked from commit "+sha("h1")+")", "p1")},
		Lanes: []Lane{{Name: "hotfix/7", Commits: lane}}}
	rep := analyze(t, related(in))
	wantVerdicts(t, rep, []string{"picked " + sha("m1"), "reverted " + sha("h1")})
	if len(rep.Notices) != 1 || !strings.Contains(rep.Notices[0], "reverts "+sha("h1")[:12]+", which the main line keeps (picked "+sha("m1")[:12]+")") {
		t.Errorf("notices %q", rep.Notices)
	}
}

// TestNeedIdentity: the engine reads what a change is only for the
// commits whose verdict can depend on it, and that is exactly so: with
// pins that would make every hotfix superseded, the commits NeedIdentity
// leaves out get the same verdict with the pins as without.
func TestNeedIdentity(t *testing.T) {
	t.Parallel()
	pins := []PinMove{{Path: "go.mod", Name: "example.com/x", Lane: "v1.2.3", Main: "v1.3.0", Satisfied: true}}
	equivalent := withPaths(hotfix("h1", "fix: a", "p1"), "go.mod")
	adapted := withPaths(hotfix("h2", "fix: b", "p2"), "go.mod")
	open := withPaths(hotfix("h3", "fix: c", "p3"), "go.mod")
	settled := hotfix("h4", "fix: d\n\n(cherry picked from commit "+sha("m4")+")", "p4") // no paths: ancestry and trailers decide it
	lane := []Commit{equivalent, adapted, open, settled}
	main := []MainCommit{mainline("m1", "fix: other subject", "p1"), mainline("m2", "fix: b", "p2x"), mainline("m4", "fix: d", "p4")}
	for _, strict := range []bool{false, true} {
		in := related(Input{Candidate: sha("cand"), Main: "main", InCandidate: map[string]bool{}, Strict: strict, MainLine: main,
			Lanes: []Lane{{Name: "hotfix/7", Base: "prod-7", Commits: lane}}})
		need := NeedIdentity(in)[0]
		if want := []bool{false, strict, true, false}; !slices.Equal(need, want) {
			t.Fatalf("strict %v: NeedIdentity = %v, want %v (equivalent, adapted, open, settled)", strict, need, want)
		}
		withPins := in
		withPins.Lanes = []Lane{{Name: "hotfix/7", Base: "prod-7", Commits: slices.Clone(lane)}}
		for i := range withPins.Lanes[0].Commits {
			withPins.Lanes[0].Commits[i].Pins = pins
		}
		got, without := analyze(t, withPins).Lanes[0].Verdicts, analyze(t, in).Lanes[0].Verdicts
		for i := range lane {
			if !need[i] && (got[i].Status != without[i].Status || got[i].Evidence != without[i].Evidence) {
				t.Errorf("strict %v, commit %d: %s %s with pins, %s %s without: its identity mattered", strict, i,
					got[i].Status, got[i].Evidence, without[i].Status, without[i].Evidence)
			}
			if need[i] && got[i].Status == without[i].Status && got[i].Evidence == without[i].Evidence {
				t.Errorf("strict %v, commit %d: the same verdict with pins and without: %s", strict, i, got[i].Status)
			}
		}
	}
}
