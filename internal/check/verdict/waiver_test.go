package verdict

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/policy"
)

func TestMatchGlob(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		glob, path string
		want       bool
	}{
		{"CHANGELOG.md", "CHANGELOG.md", true},
		{"CHANGELOG.md", "docs/CHANGELOG.md", true},
		{"*.md", "docs/a/b.md", true},
		{"vendor/**", "vendor/github.com/x/y.go", true},
		{"vendor/**", "vendor", true},
		{"vendor/**", "src/vendor/x.go", false},
		{"**/testdata/*", "a/b/testdata/x.txt", true},
		{"**/testdata/*", "testdata/x.txt", true},
		{"cmd/*/main.go", "cmd/hotlane/main.go", true},
		{"cmd/*/main.go", "cmd/a/b/main.go", false},
		{"version.go", "internal/version.go", true},
		{"internal/version.go", "version.go", false},
	} {
		if got := MatchGlob(tt.glob, tt.path); got != tt.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tt.glob, tt.path, got, tt.want)
		}
	}
}

// TestPolicyWaivers: a policy waiver waives a hotfix when all its criteria
// match, after every other rule, and names its rule in the evidence.
func TestPolicyWaivers(t *testing.T) {
	t.Parallel()
	housekeeping := policy.Waiver{Subject: regexp.MustCompile(`^chore\(release\):`), Reason: "release housekeeping", Rule: ".hotlane.yml waivers[0]"}
	releaseFiles := policy.Waiver{Paths: []string{"CHANGELOG.md", "version.go"}, Reason: "release-only files", Rule: ".hotlane.yml waivers[1]"}
	bySHA := policy.Waiver{SHA: sha("h4")[:9], Subject: regexp.MustCompile("^build"), Reason: "rewritten on main", Rule: ".hotlane.yml waivers[2]"}
	lane := []Commit{
		hotfix("h1", "chore(release): 1.2.3", "p1"),
		withPaths(hotfix("h2", "bump", "p2"), "CHANGELOG.md", "internal/version.go"),
		withPaths(hotfix("h3", "bump and fix", "p3"), "CHANGELOG.md", "price.go"),
		hotfix("h4", "build: go 1.22", "p4"),
		hotfix("h5", "build: go 1.23", "p5"),
		hotfix("h6", "chore(release): 1.2.4", "p6"),
	}
	main := []MainCommit{mainline("m1", "chore(release): 1.2.4", "p6")}
	in := Input{Candidate: sha("cand"), MainLine: main, InCandidate: map[string]bool{}, Waivers: []policy.Waiver{housekeeping, releaseFiles, bySHA},
		Lanes: []Lane{{Name: "hotfix/7", Commits: lane}}}
	want := []string{
		"waived release housekeeping (.hotlane.yml waivers[0])",
		"waived release-only files (.hotlane.yml waivers[1])",
		"missing ", // one path is not a release file
		"waived rewritten on main (.hotlane.yml waivers[2])",
		"missing ", // the sha does not match
		"equivalent " + sha("m1"),
	}
	for i, v := range analyze(t, in).Lanes[0].Verdicts {
		if got := v.Status + " " + v.Evidence; got != want[i] {
			t.Errorf("commit %d: %q, want %q", i, got, want[i])
		}
	}
}

// TestWaiverOffMainLine: a "Backport-Skip" trailer waives only from a
// commit the trusted main line has; a candidate's own commit is named in a
// problem and waives nothing until merged.
func TestWaiverOffMainLine(t *testing.T) {
	t.Parallel()
	lane := []Commit{hotfix("h1", "fix: prices", "p1"), hotfix("h2", "fix: taxes", "p2")}
	merged := mainline("m1", "chore: skip one", "q1")
	merged.Message = "chore: skip one\n\nBackport-Skip: " + sha("h1") + " production only\n"
	unmerged := mainline("m2", "chore: skip another", "q2")
	unmerged.Message = "chore: skip another\n\nBackport-Skip: " + sha("h2") + " production only\n"
	in := Input{Candidate: sha("cand"), Main: "main", MainLine: []MainCommit{merged, unmerged}, InCandidate: map[string]bool{},
		OffMainLine: map[string]bool{sha("m2"): true}, Lanes: []Lane{{Name: "hotfix/7", Commits: lane}}}
	rep := analyze(t, in)
	if got := rep.Lanes[0].Verdicts[0].Status; got != Waived {
		t.Errorf("the main line's waiver: %s, want waived", got)
	}
	if got := rep.Lanes[0].Verdicts[1].Status; got != Missing {
		t.Errorf("the candidate's own waiver: %s, want missing", got)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "is not in force: the main line (main) does not have that commit yet") {
		t.Errorf("problems: %q", rep.Problems)
	}
	in.OffMainLine = nil
	if got := analyze(t, in).Lanes[0].Verdicts[1].Status; got != Waived {
		t.Errorf("merged, the waiver: %s, want waived", got)
	}
}
