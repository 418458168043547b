package config

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
)

// TestWithPolicy: the policy file's defaults sit below a flag, a HOTLANE_*
// variable and an action input, and above the built-in defaults.
func TestWithPolicy(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	file := policy.Defaults{BranchTemplate: "release/{build}", TagTemplate: "v{build}", Strict: &yes}
	gha := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_RUN_NUMBER": "7"}
	tests := []struct {
		name                    string
		flags, environ          map[string]string
		defaults                policy.Defaults
		branches, tags, staging string
		strict                  bool
	}{
		{"nothing given: the built-in defaults", nil, gha, policy.Defaults{}, "hotfix/{build}", "prod-{build}", "{env}-{build}", false},
		{"the file beats the built-in defaults", nil, gha, file, "release/{build}", "v{build}", "v{build}", true},
		{"an action input beats the file", nil, withEnv(gha, "INPUT_BRANCH-TEMPLATE", "in/{build}", "INPUT_STRICT", "false"), file,
			"in/{build}", "v{build}", "v{build}", false},
		{"HOTLANE_* beats the file", nil, withEnv(gha, "HOTLANE_TAG_TEMPLATE", "env-{build}"), file, "release/{build}", "env-{build}", "env-{build}", true},
		{"a flag beats the file", map[string]string{"branch-template": "f/{build}", "strict": "false"}, gha, file, "f/{build}", "v{build}", "v{build}", false},
		{"the file may turn strict off", nil, gha, policy.Defaults{Strict: &no}, "hotfix/{build}", "prod-{build}", "{env}-{build}", false},
		{"an empty value is not given", nil, withEnv(gha, "HOTLANE_BRANCH_TEMPLATE", "", "INPUT_BRANCH-TEMPLATE", ""), file,
			"release/{build}", "v{build}", "v{build}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := load(t, tt.flags, tt.environ)
			if err != nil {
				t.Fatal(err)
			}
			s, err = WithPolicy(s, tt.defaults, ".hotlane.yml at 0123456789ab (origin/main)")
			if err != nil {
				t.Fatal(err)
			}
			if s.BranchTemplate.String() != tt.branches || s.TagTemplate.String() != tt.tags || s.Strict != tt.strict {
				t.Errorf("branches %q, tags %q, strict %v; want %q, %q, %v", s.BranchTemplate, s.TagTemplate, s.Strict, tt.branches, tt.tags, tt.strict)
			}
			if got := s.Tags.For("staging").String(); got != tt.staging {
				t.Errorf("staging's tags %q, want %q", got, tt.staging)
			}
		})
	}
}

// TestWithPolicyChecksTemplates: a default that renders no ref name for
// the build in force is refused as a flag's would be, naming the file.
func TestWithPolicyChecksTemplates(t *testing.T) {
	t.Parallel()
	s, err := load(t, map[string]string{"build": "7 8"}, nil)
	if err == nil {
		t.Fatalf("a build with a space was accepted: %+v", s)
	}
	s, err = load(t, map[string]string{"build": "7"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = WithPolicy(s, policy.Defaults{BranchTemplate: "lane..{build}", TagTemplate: "v{build}.lock"}, ".hotlane.yml at 0123456789ab (origin/main)")
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("kind %v (%v), want invalid", fault.KindOf(err), err)
	}
	for _, want := range []string{".hotlane.yml at 0123456789ab (origin/main)", "defaults.branch-template \"lane..{build}\"", "defaults.tag-template \"v{build}.lock\""} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	s.Given = map[string]bool{"BRANCH_TEMPLATE": true, "TAG_TEMPLATE": true}
	s.BranchTemplate = naming.MustParseTemplate("hotfix/{build}")
	if _, err := WithPolicy(s, policy.Defaults{BranchTemplate: "lane..{build}", TagTemplate: "v{build}.lock"}, "x"); err != nil {
		t.Errorf("a default the flags override still failed: %v", err)
	}
}

func withEnv(base map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
