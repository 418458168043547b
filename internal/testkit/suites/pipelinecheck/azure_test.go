//go:build validators

package pipelinecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// azureStepScript returns the bash script of the step at index i of an
// Azure step template.
func azureStepScript(t *testing.T, file string, i int) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "pipelines", "azure", file))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Steps []struct {
			Bash string `yaml:"bash"`
		} `yaml:"steps"`
	}
	if err := yaml.Unmarshal(data, &tmpl); err != nil {
		t.Fatal(err)
	}
	if i >= len(tmpl.Steps) || tmpl.Steps[i].Bash == "" {
		t.Fatalf("%s has no bash step %d", file, i)
	}
	return tmpl.Steps[i].Bash
}

// TestAzureTemplateScriptsRun runs the scripts of the Azure templates as
// an agent would, with its variables: install.yml installs the release
// "1.2" names from a local release server and prepends it to the PATH of
// later steps; hotlane-step.yml's script then releases (outputs as output
// variables) and marks the release bad, settings reaching hotlane as the
// HOTLANE_* variables the template's env maps them to.
func TestAzureTemplateScriptsRun(t *testing.T) {
	t.Parallel()
	srv, _ := servedRelease(t, false)
	agentTemp := t.TempDir()
	env := append(srv.Env(), "AGENT_TEMPDIRECTORY="+agentTemp, "HOTLANE_VERSION=1.2", "AGENT_TOOLSDIRECTORY="+t.TempDir())
	out, err := run(t, t.TempDir(), env, "bash", "-c", azureStepScript(t, "install.yml", 0))
	bin := filepath.Join(agentTemp, "hotlane-bin")
	if err != nil || !strings.Contains(out, "##vso[task.prependpath]"+bin+"\n") || !strings.Contains(out, "installed hotlane v1.2.3") {
		t.Fatalf("install.yml's script: %v\n%s", err, out)
	}

	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	agent := append(gittest.Env(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "TF_BUILD=True",
		"BUILD_BUILDNUMBER=43", "BUILD_SOURCEVERSION="+head, "BUILD_SOURCEBRANCH=refs/heads/main", "SYSTEM_ACCESSTOKEN=")
	step := azureStepScript(t, "hotlane-step.yml", 1)
	for _, c := range []struct {
		vars []string
		want string
	}{
		{[]string{"HOTLANE_COMMAND=release", "HOTLANE_ENVIRONMENT=production"}, "##vso[task.setvariable variable=lane;isOutput=true;]hotfix/43"},
		{[]string{"HOTLANE_COMMAND=mark-bad", "HOTLANE_BUILD=43", "HOTLANE_REASON=checkout returns 500"}, "hotlane-bad/prod-43"},
	} {
		cmd := exec.Command("bash", "-c", step)
		cmd.Dir = o.Clone
		cmd.Env = append(append(os.Environ(), agent...), c.vars...)
		got, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(got), c.want) {
			t.Errorf("hotlane-step.yml's script with %q: %v, want %q\n%s", c.vars, err, c.want, got)
		}
	}
	if got := gittest.Git(t, o.Bare, "rev-parse", "prod-43^{commit}"); got != head {
		t.Errorf("prod-43 is at %s, want %s", got, head)
	}
	gittest.Git(t, o.Bare, "rev-parse", "--verify", "refs/tags/hotlane-bad/prod-43")
}
