package policy

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	f, err := Parse([]byte(`
# release housekeeping is never backported
waivers:
  - subject: '^chore\(release\):'
    reason: release housekeeping
  - paths: [CHANGELOG.md, version.go, "vendor/**"]
    reason: release-only files
  - sha: 1A2b3c4d5e
    subject: '^build'
    reason: rewritten on main in #120
retired-lanes:
  - lane: hotfix/12
    reason: merged back, branch deleted
defaults:
  branch-template: release/{build}
  tag-template: v{build}
  main: trunk
  strict: true
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Waivers) != 3 || f.Waivers[1].Rule != ".hotlane.yml waivers[1]" || f.Waivers[2].SHA != "1A2b3c4d5e" {
		t.Fatalf("waivers %+v", f.Waivers)
	}
	if !f.Waivers[0].Subject.MatchString("chore(release): 1.2.3") || f.Waivers[0].Reason != "release housekeeping" {
		t.Errorf("subject waiver %+v", f.Waivers[0])
	}
	if f.Retired["hotfix/12"] != "merged back, branch deleted" {
		t.Errorf("retired lanes %v", f.Retired)
	}
	d := f.Defaults
	if d.BranchTemplate != "release/{build}" || d.TagTemplate != "v{build}" || d.Main != "trunk" || d.Strict == nil || !*d.Strict {
		t.Errorf("defaults %+v", d)
	}
	if empty, err := Parse(nil); err != nil || len(empty.Waivers) != 0 {
		t.Errorf("an empty file: %+v, %v", empty, err)
	}
}

// TestParseProblems: every problem is named with where it is, all at once.
func TestParseProblems(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, want string }{
		{"a misspelt key waives nothing, so it is refused", "waivers:\n  - path: [a]\n    reason: x\n", "field path not found"},
		{"no criterion", "waivers:\n  - reason: x\n", "waivers[0]: give sha, subject or paths"},
		{"no reason", "waivers:\n  - sha: abcdef1\n", "waivers[0]: a waiver needs a reason"},
		{"a reason on two lines", "waivers:\n  - sha: abcdef1\n    reason: \"a\\nb\"\n", "on one line"},
		{"not a sha", "waivers:\n  - sha: main\n    reason: x\n", `sha "main" is not 7 to 40 hex digits`},
		{"a bad pattern", "waivers:\n  - subject: '(['\n    reason: x\n", "waivers[0]: subject"},
		{"a bad glob", "waivers:\n  - paths: ['a/[']\n    reason: x\n", `paths: "a/[" is not a valid glob`},
		{"a bad template", "defaults:\n  tag-template: 'v{bild}'\n", "defaults.tag-template"},
		{"not YAML", "waivers: [\n", ".hotlane.yml"},
		{"a retired lane without a reason", "retired-lanes:\n  - lane: hotfix/1\n", "retired-lanes[0]: give the lane"},
		{"a retired lane that is no branch name", "retired-lanes:\n  - lane: 'a..b'\n    reason: x\n", "retired-lanes[0]"},
		{"two problems at once", "waivers:\n  - reason: x\n  - sha: zz\n    reason: y\n", "waivers[0]: give sha"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", err, tt.want)
			}
		})
	}
	if _, err := Parse([]byte("waivers:\n  - reason: x\n  - sha: zz\n    reason: y\n")); err == nil || !strings.Contains(err.Error(), "waivers[1]") {
		t.Errorf("the second problem is not reported: %v", err)
	}
}
