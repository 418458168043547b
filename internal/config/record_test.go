package config

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
)

// TestEnvironments: names are checked, compared in any case (written in
// lower case), and an environment whose tags another environment's
// template would read is bad input, in both directions.
func TestEnvironments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		flags map[string]string
		env   string   // the environment in force, when valid
		chain []string // --require-released-in, canonical
		want  string   // a phrase of the usage error; "" when valid
	}{
		{"the default", nil, "production", nil, ""},
		{"any case", map[string]string{"environment": "Staging", "require-released-in": "QA\nDev"}, "staging", []string{"qa", "dev"}, ""},
		{"Production escapes nothing", map[string]string{"environment": "PRODUCTION", "require-released-in": "staging"}, "production", []string{"staging"}, ""},
		{"its own earlier stage in another case", map[string]string{"environment": "staging", "require-released-in": "Staging"}, "", nil, "cannot be its own earlier stage"},
		{"prod collides with production", map[string]string{"environment": "prod"}, "", nil,
			"--environment prod: environments prod and production cannot be told apart by their tags: prod's release 31 would be tagged prod-31"},
		{"PROD too", map[string]string{"environment": "PROD"}, "", nil, "environments prod and production"},
		{"a required environment that collides", map[string]string{"environment": "staging", "require-released-in": "prod"}, "", nil, "environments production and prod"},
		{"staging and staging-2", map[string]string{"environment": "staging-2", "require-released-in": "staging"}, "", nil, "staging-2's release 31 would be tagged staging-2-31"},
		{"a given template without {env}", map[string]string{"environment": "staging", "tag-template": "v{build}"}, "", nil, "would be tagged v31"},
		{"a given template with {env}", map[string]string{"environment": "prod", "tag-template": "{env}/{build}"}, "prod", nil, ""},
		{"a bidi control", map[string]string{"environment": "stag\u202eing"}, "", nil, "invisible character U+202E"},
		{"two words", map[string]string{"environment": "pre prod"}, "", nil, `--environment "pre prod": not an environment name`},
		{"a required environment in two lines", map[string]string{"require-released-in": "sta\u2028ging"}, "", nil, "--require-released-in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			flags := map[string]string{"build": "31"}
			for k, v := range tt.flags {
				flags[k] = v
			}
			s, err := load(t, flags, nil)
			if tt.want != "" {
				if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("kind %v %v, want a usage error with %q", fault.KindOf(err), err, tt.want)
				}
				return
			}
			if err != nil || s.Environment != tt.env || strings.Join(s.RequireReleasedIn, ",") != strings.Join(tt.chain, ",") {
				t.Errorf("environment %q, chain %q (%v); want %q %q", s.Environment, s.RequireReleasedIn, err, tt.env, tt.chain)
			}
		})
	}
}

// TestRecordFields: what the release record will say is checked before
// anything changes. A value the user gave is bad input; one the CI gave is
// left out of the record with a warning.
func TestRecordFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		flags, environ map[string]string
		source, pipe   string
		want, warning  string
	}{
		{"a good branch and URL", map[string]string{"source-branch": "hotfix/42", "pipeline-url": "https://ci/run/1"}, nil, "hotfix/42", "https://ci/run/1", "", ""},
		{"a branch with a space", map[string]string{"source-branch": "feature x"}, nil, "", "", `--source-branch: release record: Hotlane-Source "feature x" is not a branch name: it contains ' '`, ""},
		{"a branch with a bidi control", map[string]string{"source-branch": "ma\u202ein"}, nil, "", "", "U+202E", ""},
		{"a pipeline that is not a URL", map[string]string{"pipeline-url": "run 9"}, nil, "", "", "--pipeline-url", ""},
		{"a rollback of no build", map[string]string{"rollback-of": "4 2"}, nil, "", "", "--rollback-of", ""},
		{"a build with a bidi control", map[string]string{"build": "4\u202e3"}, nil, "", "", `--build "4\u202e3": not a build id`, ""},
		{"GITHUB_REF with a line break", nil, map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REF": "refs/heads/main\nHotlane-Lane: x"}, "", "",
			"", `the CI's branch "main\nHotlane-Lane: x" is left out of the release record`},
		{"Azure's pull request ref", nil, map[string]string{"TF_BUILD": "True", "BUILD_SOURCEBRANCH": "refs/pull/5/merge"}, "", "",
			"", `the CI's branch "refs/pull/5/merge" is left out`},
		{"a CI's run URL that is not one", nil, map[string]string{"JENKINS_URL": "https://j/", "BUILD_URL": "job 5", "BRANCH_NAME": "main"}, "main", "",
			"", `the CI's run URL "job 5" is left out`},
		{"a flag wins over the CI's bad value", map[string]string{"source-branch": "main"}, map[string]string{"TF_BUILD": "True", "BUILD_SOURCEBRANCH": "refs/pull/5/merge"}, "main", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			flags := map[string]string{"build": "31"}
			for k, v := range tt.flags {
				flags[k] = v
			}
			s, err := load(t, flags, tt.environ)
			if tt.want != "" {
				if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("kind %v %v, want a usage error with %q", fault.KindOf(err), err, tt.want)
				}
				return
			}
			if err != nil || s.SourceBranch != tt.source || s.PipelineURL != tt.pipe {
				t.Fatalf("source %q pipeline %q (%v), want %q %q", s.SourceBranch, s.PipelineURL, err, tt.source, tt.pipe)
			}
			if warned := strings.Join(s.Warnings, "\n"); (tt.warning == "") != (warned == "") || !strings.Contains(warned, tt.warning) {
				t.Errorf("warnings %q, want %q", warned, tt.warning)
			}
		})
	}
}

// TestCommandEnv: a command= target starts without the secrets: every
// secret variable, and any variable holding a secret in force, unless
// --sync-env names it.
func TestCommandEnv(t *testing.T) {
	t.Parallel()
	environ := map[string]string{"PATH": "/bin", "HOME": "/home/ci", "GITHUB_TOKEN": "ghs_secret1", "GH_TOKEN": "ghs_secret2",
		"HOTLANE_TOKEN": "hl_secret", "SYSTEM_ACCESSTOKEN": "azure_secret", "HOTLANE_WEBHOOK_SECRET": "hook_secret",
		"JENKINS_API_TOKEN": "jenkins_secret", "ACTIONS_RUNTIME_TOKEN": "runtime_secret", "CI_JOB_TOKEN": "job_secret",
		"MY_COPY": "hl_secret", "SHORT": "hl", "HOTLANE_SYNC": "command=env"}
	s, err := Load(Sources{Flags: map[string]string{"build": "1"}, Env: environ, Formats: releaseFormats})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(s.CommandEnv, "\n")
	for _, name := range []string{"GITHUB_TOKEN", "GH_TOKEN", "HOTLANE_TOKEN", "SYSTEM_ACCESSTOKEN", "HOTLANE_WEBHOOK_SECRET", "JENKINS_API_TOKEN",
		"ACTIONS_RUNTIME_TOKEN", "CI_JOB_TOKEN", "MY_COPY"} {
		if strings.Contains(got, name+"=") {
			t.Errorf("the command's environment holds %s:\n%s", name, got)
		}
	}
	for _, secret := range []string{"secret", "hl_secret"} {
		if strings.Contains(got, secret) {
			t.Errorf("the command's environment holds a secret value %q", secret)
		}
	}
	if got != "HOME=/home/ci\nHOTLANE_SYNC=command=env\nPATH=/bin\nSHORT=hl" {
		t.Errorf("the command's environment:\n%s", got)
	}
	passed, err := Load(Sources{Flags: map[string]string{"build": "1", "sync-env": "GITHUB_TOKEN\nMY_COPY"}, Env: environ, Formats: releaseFormats})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(passed.CommandEnv, "\n"); !strings.Contains(got, "GITHUB_TOKEN=ghs_secret1") || !strings.Contains(got, "MY_COPY=hl_secret") ||
		strings.Contains(got, "GH_TOKEN") {
		t.Errorf("--sync-env GITHUB_TOKEN MY_COPY: the command's environment:\n%s", got)
	}
	if !contains(passed.Secrets, "ghs_secret1") {
		t.Errorf("a variable passed on is still a secret to redact: %v", passed.Secrets)
	}
	if _, err := Load(Sources{Flags: map[string]string{"build": "1", "sync-env": "A=B"}, Formats: releaseFormats}); !fault.Is(err, fault.Invalid) {
		t.Errorf("--sync-env A=B: %v", err)
	}
}
