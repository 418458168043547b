package naming

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestCheckRefName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want string // substring of the error; "" means valid
	}{
		{"prod-43", ""},
		{"hotfix/43", ""},
		{"Hotfix-20261122.3", ""},
		{"release/v1.2.3/x", ""},
		{"", "empty"},
		{"@", "single character"},
		{"HEAD", "reserves"},
		{"-rf", `begins with "-"`},
		{"refs/heads/x", "refs/"},
		{"/x", "begins or ends"},
		{"x/", "begins or ends"},
		{"a//b", `"//"`},
		{"a.", `ends with "."`},
		{"a..b", `".."`},
		{"a@{1}", `"@{"`},
		{"a b", `' '`},
		{"a~1", `'~'`},
		{"a^", `'^'`},
		{"a:b", `':'`},
		{"a?", `'?'`},
		{"a*", `'*'`},
		{"a[b", `'['`},
		{`a\b`, `'\\'`},
		{"a\x01b", "control character"},
		{"a\x7fb", "control character"},
		{"a\nb", "control character"},
		{".hidden", `begins with "."`},
		{"x/.y", `begins with "."`},
		{"x.lock", ".lock"},
		{"x.lock/y", ".lock"},
	}
	for _, tt := range tests {
		err := CheckRefName(tt.name)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckRefName(%q) = %v, want valid", tt.name, err)
		case tt.want != "" && err == nil:
			t.Errorf("CheckRefName(%q) = nil, want error with %q", tt.name, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("CheckRefName(%q) = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

// TestCheckRefNameAgreesWithGit asks git itself about each name, so that
// the rules cannot drift from git's. ("@" is left out: --branch expands it
// to the current branch, where a ref named "@" is invalid.)
func TestCheckRefNameAgreesWithGit(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test")
	}
	names := []string{"prod-43", "hotfix/43", "a..b", "a b", "a~", "a^", "a:b", "a?", "a*", "a[", `a\b`,
		"a.", ".a", "a/.b", "a.lock", "a@{b", "-x", "x//y", "/x", "x/", "a\tb", "ok/20261122.3", "ü-ß"}
	for _, n := range names {
		gitOK := exec.Command("git", "check-ref-format", "--branch", n).Run() == nil
		ours := CheckRefName(n) == nil
		if gitOK != ours {
			t.Errorf("%q: git says valid=%v, hotlane says valid=%v", n, gitOK, ours)
		}
	}
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	vars := Vars{Build: "43", Env: "production", SHA: "89abcdef0123456789abcdef0123456789abcdef",
		Time: time.Date(2026, 11, 22, 23, 30, 0, 0, time.FixedZone("x", -3600))}
	tests := []struct {
		tmpl, want, err string
	}{
		{"prod-{build}", "prod-43", ""},
		{"hotfix/{build}", "hotfix/43", ""},
		{"{env}/{build}-{short}", "production/43-89abcdef0123", ""},
		{"r-{build}-{date}", "r-43-20261123", ""},
		{"x-{build}-{sha}", "x-43-89abcdef0123456789abcdef0123456789abcdef", ""},
		{"prod", "", "must contain {build}"},
		{"prod-{bulid}", "", "unknown placeholder {bulid}"},
		{"prod-{build", "", "unpaired brace"},
		{"prod-}{build}", "", "unpaired brace"},
	}
	for _, tt := range tests {
		tp, err := ParseTemplate(tt.tmpl)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTemplate(%q) error = %v, want %q", tt.tmpl, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseTemplate(%q): %v", tt.tmpl, err)
		}
		if got := tp.Render(vars); got != tt.want {
			t.Errorf("Render(%q) = %q, want %q", tt.tmpl, got, tt.want)
		}
		build, ok := tp.Match(tt.want, vars.Env)
		if !ok || build != "43" {
			t.Errorf("Match(%q, %q) = %q, %v; want 43, true", tt.tmpl, tt.want, build, ok)
		}
	}
}

func TestTemplateMatch(t *testing.T) {
	t.Parallel()
	tp, err := ParseTemplate("hotfix/{build}")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"hotfix/43": "43", "hotfix/20261122.3": "20261122.3", "feature/43": "", "hotfix/": "", "xhotfix/4": ""} {
		got, ok := tp.Match(name, "production")
		if ok != (want != "") || got != want {
			t.Errorf("Match(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestCompareBuilds(t *testing.T) {
	t.Parallel()
	ordered := []string{"1", "2", "9", "10", "10a", "10b", "11", "20261122.3", "20261122.12", "20261123.1", "abc"}
	for i := range ordered {
		for j := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := CompareBuilds(ordered[i], ordered[j]); got != want {
				t.Errorf("CompareBuilds(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	if CompareBuilds("007", "7") != 0 {
		t.Errorf("leading zeros should not change the order")
	}
}
