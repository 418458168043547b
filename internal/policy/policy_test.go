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
release-only: [".github/workflows/release-*.yml", packaging/**]
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
	if strings.Join(f.ReleaseOnly, " ") != ".github/workflows/release-*.yml packaging/**" {
		t.Errorf("release-only %v", f.ReleaseOnly)
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
		{"a misspelt key waives nothing, so it is refused", "waivers:\n  - path: [a]\n    reason: x\n", `line 2: waivers[0]: unknown key "path": did you mean "paths"?`},
		{"no criterion", "waivers:\n  - reason: x\n", "waivers[0]: give sha, subject or paths"},
		{"no reason", "waivers:\n  - sha: abcdef1\n", "waivers[0]: a waiver needs a reason"},
		{"a reason on two lines", "waivers:\n  - sha: abcdef1\n    reason: \"a\\nb\"\n", "on one line"},
		{"not a sha", "waivers:\n  - sha: main\n    reason: x\n", `sha "main" is not 7 to 40 hex digits`},
		{"a bad pattern", "waivers:\n  - subject: '(['\n    reason: x\n", "waivers[0]: subject"},
		{"a bad release-only glob", "release-only: ['a/[']\n", `release-only[0]: "a/[" is not a valid glob`},
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

// TestParseRefuses: what cannot be meant is refused, named in the file's
// own words (a key path and a line, never a Go type), with the fix.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, want string }{
		{"a misspelt default, with the key it meant", "defaults:\n  branch-templte: release/{build}\n",
			`line 2: defaults: unknown key "branch-templte": did you mean "branch-template"?`},
		{"a misspelt top-level key", "waiver:\n  - sha: abcdef1\n    reason: x\n", `line 1: unknown key "waiver": did you mean "waivers"?`},
		{"a key in another case", "Promotion:\n  production: [staging]\n", `unknown key "Promotion": did you mean "promotion"?`},
		{"a key far from every known one", "colour: blue\n", `unknown key "colour" (known here: waivers, retired-lanes, promotion, release-only, defaults)`},
		{"no Go types in a wrong kind", "waivers:\n  sha: abcdef1\n", "line 2: waivers: want a list"},
		{"a list where text belongs", "defaults:\n  main: [a, b]\n", "defaults.main: want text"},
		{"a switch that is not one", "defaults:\n  strict: yes please\n", "defaults.strict: want true or false"},
		{"a rule that is not a list", "promotion:\n  production: staging\n", "promotion.production: want a list"},
		{"a key given twice", "defaults:\n  strict: true\n  strict: false\n", `line 3: defaults: key "strict" is given twice (first at line 2)`},
		{"two documents", "waivers: []\n---\npromotion:\n  production: [staging]\n", "line 2: a second YAML document starts here"},
		{"an empty second document", "promotion:\n  production: [staging]\n---\n", "a second YAML document"},
		{"an anchor", "promotion:\n  production: &p [staging]\n  qa: *p\n", "anchors and aliases (&name, *name) are not accepted"},
		{"an alias bomb", "promotion:\n  a: &a [x, x]\n  b: &b [*a, *a]\n  c: [*b, *b]\n", "line 2: promotion.a: anchors and aliases"},
		{"a case variant beside the name", "promotion:\n  production: [staging]\n  Production: []\n", `"Production" and "production" name the same environment`},
		{"a name with a space", "promotion:\n  \"production \": [staging]\n", `environment "production " has spaces around it`},
		{"an earlier environment with a space", "promotion:\n  production: [\"staging \"]\n", `promotion.production: "staging " has spaces around it`},
		{"an environment before itself, in another case", "promotion:\n  production: [Production]\n", "is not an earlier environment"},
		{"an earlier environment twice", "promotion:\n  production: [staging, Staging]\n", "is listed twice"},
		{"an invisible character", "promotion:\n  \"produ\\u200bction\": [staging]\n", "control or invisible characters"},
		{"a main that is no branch name", "defaults:\n  main: 'a..b'\n", "defaults.main"},
		{"over the size limit", "# " + strings.Repeat("x", MaxSize) + "\n", "over the 262144-byte limit (256 KiB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to say %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "struct") {
				t.Errorf("the error shows a Go type: %v", err)
			}
		})
	}
}

// TestParseReportsAll: an unknown key does not hide what the known keys
// get wrong.
func TestParseReportsAll(t *testing.T) {
	t.Parallel()
	_, err := Parse([]byte("waivers:\n  - sha: abcdef12\n  - path: [CHANGELOG.md]\n    reason: x\n"))
	for _, want := range []string{`line 3: waivers[1]: unknown key "path": did you mean "paths"?`, "waivers[0]: a waiver needs a reason"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to say %q", err, want)
		}
	}
}

// TestParseAccepts: what a team writes is read, comments, a leading ---
// and an empty section included; an environment's rule is found whatever
// the case of its name.
func TestParseAccepts(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"", "# nothing yet\n", "---\nwaivers: []\n", "defaults:\n", "promotion:\n  Production: [Staging]\n",
		"waivers:\n  - sha: 1234567\n    reason: an unquoted sha that YAML reads as a number\n", "waivers: []\n...\n"} {
		if _, err := Parse([]byte(file)); err != nil {
			t.Errorf("Parse(%q): %v", file, err)
		}
	}
	f, err := Parse([]byte("promotion:\n  Production: [staging]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range []string{"production", "PRODUCTION", "Production"} {
		if got := f.PromotionFor(env); len(got) != 1 || got[0] != "staging" {
			t.Errorf("PromotionFor(%q) = %v", env, got)
		}
	}
	if got := f.PromotionFor("staging"); got != nil {
		t.Errorf("PromotionFor(staging) = %v", got)
	}
}

func TestNearMisses(t *testing.T) {
	t.Parallel()
	names := []string{".hotlane.yml", ".hotlane.yaml", "hotlane.yml", ".Hotlane.yml", ".hotlane.yml.txt", ".hotlnae.yml", "hotlane.json",
		"README.md", ".github", "go.mod", "hotlane", ".golangci.yml", "cmd"}
	got := NearMisses(names)
	want := []string{".hotlane.yaml", "hotlane.yml", ".Hotlane.yml", ".hotlane.yml.txt", ".hotlnae.yml", "hotlane.json"}
	if len(got) != len(want) {
		t.Fatalf("NearMisses = %q, want one warning for each of %q", got, want)
	}
	for i, w := range want {
		if !strings.Contains(got[i], `"`+w+`"`) || !strings.Contains(got[i], "the policy file is .hotlane.yml") {
			t.Errorf("warning %d = %q, want it to name %q and the right name", i, got[i], w)
		}
	}
}
