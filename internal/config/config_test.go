package config

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
)

var releaseFormats = []string{"text", "json"}

func load(t *testing.T, flags, environ map[string]string) (Settings, error) {
	t.Helper()
	return Load(Sources{Flags: flags, Env: environ, Formats: releaseFormats, NeedBuild: true})
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	gha := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_RUN_NUMBER": "7", "GITHUB_SHA": "ci-sha"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		flags   map[string]string
		environ map[string]string
		build   string
		tmpl    string
	}{
		{"CI variable", nil, gha, "7", "prod-{build}"},
		{"input beats CI", nil, with(gha, "INPUT_BUILD", "8", "INPUT_TAG-TEMPLATE", "in-{build}"), "8", "in-{build}"},
		{"HOTLANE_ beats input", nil, with(gha, "INPUT_BUILD", "8", "HOTLANE_BUILD", "9", "HOTLANE_TAG_TEMPLATE", "env-{build}"), "9", "env-{build}"},
		{"flag beats all", map[string]string{"build": "10", "tag-template": "f-{build}"}, with(gha, "INPUT_BUILD", "8", "HOTLANE_BUILD", "9"), "10", "f-{build}"},
		{"empty counts as unset", map[string]string{"build": ""}, with(gha, "HOTLANE_BUILD", "", "INPUT_BUILD", ""), "7", "prod-{build}"},
		{"inputs only inside GitHub Actions", nil, map[string]string{"INPUT_BUILD": "8", "HOTLANE_BUILD": "3"}, "3", "prod-{build}"},
		{"inputs ignored outside GitHub Actions", nil, map[string]string{"INPUT_BUILD": "8", "BUILD_NUMBER": "4", "JENKINS_URL": "http://j"}, "4", "prod-{build}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := load(t, tt.flags, tt.environ)
			if err != nil {
				t.Fatal(err)
			}
			if s.Build != tt.build || s.TagTemplate.String() != tt.tmpl {
				t.Errorf("build=%q template=%q, want %q %q", s.Build, s.TagTemplate, tt.build, tt.tmpl)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	s, err := load(t, map[string]string{"build": "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Repo != "." || s.Remote != "origin" || s.Environment != "production" || s.TagTemplate.String() != "prod-{build}" ||
		s.BranchTemplate.String() != "hotfix/{build}" || s.Format != "text" || s.CI != "none" || s.Main != "" || s.Commit != "" ||
		s.DryRun || s.EnvFileFormat != "properties" {
		t.Errorf("defaults = %+v", s)
	}
}

func TestTokenSources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		environ map[string]string
		flags   map[string]string
		want    string
	}{
		{map[string]string{"GH_TOKEN": "c"}, nil, "c"},
		{map[string]string{"GH_TOKEN": "c", "GITHUB_TOKEN": "b"}, nil, "b"},
		{map[string]string{"GH_TOKEN": "c", "GITHUB_TOKEN": "b", "HOTLANE_TOKEN": "a"}, nil, "a"},
		{map[string]string{"HOTLANE_TOKEN": "a"}, map[string]string{"token": "f"}, "f"},
		{map[string]string{"TF_BUILD": "True", "SYSTEM_ACCESSTOKEN": "z", "BUILD_BUILDNUMBER": "1"}, nil, "z"},
		{map[string]string{"SYSTEM_ACCESSTOKEN": "z"}, nil, ""},
	}
	for _, tt := range tests {
		flags := map[string]string{"build": "1"}
		for k, v := range tt.flags {
			flags[k] = v
		}
		s, err := load(t, flags, tt.environ)
		if err != nil {
			t.Fatal(err)
		}
		if s.Token != tt.want {
			t.Errorf("env %v: token %q, want %q", tt.environ, s.Token, tt.want)
		}
		if tt.want != "" && (len(s.Secrets) == 0 || s.Secrets[0] != tt.want) {
			t.Errorf("token not listed as a secret: %v", s.Secrets)
		}
		for k, v := range tt.environ { // every secret variable is masked, in force or not
			if strings.Contains(k, "TOKEN") && !contains(s.Secrets, v) {
				t.Errorf("%s not listed as a secret: %v", k, s.Secrets)
			}
		}
	}
}

func TestCIContextFills(t *testing.T) {
	t.Parallel()
	s, err := load(t, nil, map[string]string{"TF_BUILD": "True", "BUILD_BUILDNUMBER": "20261122.3",
		"BUILD_SOURCEVERSION": "abc", "BUILD_SOURCEBRANCH": "refs/heads/main", "BUILD_REQUESTEDFOR": "Jane"})
	if err != nil {
		t.Fatal(err)
	}
	if s.CI != "azure" || s.Build != "20261122.3" || s.Commit != "abc" || s.SourceBranch != "main" || s.Actor != "Jane" {
		t.Errorf("settings = %+v", s)
	}
	forced, err := load(t, map[string]string{"ci": "none", "build": "2"}, map[string]string{"TF_BUILD": "True", "BUILD_SOURCEVERSION": "abc"})
	if err != nil {
		t.Fatal(err)
	}
	if forced.CI != "none" || forced.Commit != "" {
		t.Errorf("--ci none still read Azure's variables: %+v", forced)
	}
}

func TestValidationReportsEverythingAtOnce(t *testing.T) {
	t.Parallel()
	_, err := load(t, map[string]string{
		"tag-template": "prod {build}", "branch-template": "hotfix/{bulid}", "format": "xml",
		"ci": "travis", "dry-run": "maybe", "env-file-format": "ini", "main": "a..b",
	}, nil)
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("kind %v, want invalid (err %v)", fault.KindOf(err), err)
	}
	for _, want := range []string{"--tag-template", "' '", "--branch-template", "{bulid}", "--format", "--ci", "--dry-run",
		"--env-file-format", "--main", "no build id", "nothing was changed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestTemplateCheckedWithRealBuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		build, tmpl, want string
	}{
		{"20261122.3", "prod-{build}", ""},
		{"1 2", "prod-{build}", "renders \"prod-1 2\""},
		{"..", "prod-{build}", "\"..\""},
		{"x.lock", "hotfix-{build}", ".lock"},
		{"-1", "{build}", "begins with \"-\""},
		{"1", "prod-{build}.", "ends with \".\""},
		{"1", "prod-{build}-{env}", ""},
	}
	for _, tt := range tests {
		_, err := load(t, map[string]string{"build": tt.build, "tag-template": tt.tmpl}, nil)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("build %q template %q: %v", tt.build, tt.tmpl, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("build %q template %q: error %v, want it to mention %s", tt.build, tt.tmpl, err, tt.want)
		}
	}
	if _, err := load(t, map[string]string{"build": "1", "environment": "pre prod", "tag-template": "{env}-{build}"}, nil); err == nil {
		t.Error("an environment with a space was accepted into a tag name")
	}
}

func TestFlagName(t *testing.T) {
	t.Parallel()
	if got := FlagName("TAG_TEMPLATE"); got != "tag-template" {
		t.Errorf("FlagName = %q", got)
	}
}

func TestDurations(t *testing.T) {
	t.Parallel()
	s, err := load(t, map[string]string{"build": "1", "http-timeout": "5s"}, map[string]string{"HOTLANE_GIT_TIMEOUT": "2m"})
	if err != nil {
		t.Fatal(err)
	}
	if s.HTTPTimeout != 5e9 || s.GitTimeout != 120e9 || s.SyncTimeout != 600e9 {
		t.Errorf("durations %v %v %v", s.HTTPTimeout, s.GitTimeout, s.SyncTimeout)
	}
	_, err = load(t, map[string]string{"build": "1", "sync-timeout": "soon", "git-timeout": "-1s"}, nil)
	if err == nil || !strings.Contains(err.Error(), "--sync-timeout") || !strings.Contains(err.Error(), "--git-timeout") {
		t.Errorf("bad durations: %v", err)
	}
}

func TestGitHubRepository(t *testing.T) {
	t.Parallel()
	s, err := load(t, map[string]string{"build": "1"}, map[string]string{"GITHUB_REPOSITORY": "/work/main"})
	if err != nil || s.GitHubRepository != "" {
		t.Errorf("a runner value that is not OWNER/NAME: %q, %v", s.GitHubRepository, err)
	}
	s, err = load(t, map[string]string{"build": "1"}, map[string]string{"GITHUB_REPOSITORY": "acme/shop"})
	if err != nil || s.GitHubRepository != "acme/shop" {
		t.Errorf("GITHUB_REPOSITORY: %q, %v", s.GitHubRepository, err)
	}
	if _, err := load(t, map[string]string{"build": "1", "github-repository": "shop"}, nil); err == nil {
		t.Error("--github-repository shop was accepted")
	}
}

// TestEachCommandReadsOnlyItsSettings: a pipeline-wide variable of a
// setting a command does not take is not read by it (a bad HOTLANE_SYNC
// fails release, not check), while the command's own still are.
func TestEachCommandReadsOnlyItsSettings(t *testing.T) {
	t.Parallel()
	environ := map[string]string{"HOTLANE_SYNC": "nonsense", "HOTLANE_ENV_FILE_FORMAT": "xml", "HOTLANE_MAIN": "trunk"}
	check := Sources{Env: environ, Formats: []string{"text"}, Keys: []string{"REPO", "REMOTE", "MAIN", "OFFLINE"}}
	s, err := Load(check)
	if err != nil {
		t.Fatalf("check read a setting it does not take: %v", err)
	}
	if s.Main != "trunk" || len(s.Sync) != 0 || s.Given["SYNC"] {
		t.Errorf("main %q, sync %v, given %v", s.Main, s.Sync, s.Given)
	}
	release := Sources{Env: environ, Formats: []string{"text"}, Keys: []string{"SYNC", "ENV_FILE_FORMAT", "MAIN"}}
	if _, err := Load(release); err == nil || !strings.Contains(err.Error(), "nonsense") || !strings.Contains(err.Error(), "xml") {
		t.Errorf("release took a bad sync target and env file format: %v", err)
	}
}
