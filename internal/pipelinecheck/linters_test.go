//go:build validators

package pipelinecheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestActionlint(t *testing.T) {
	t.Parallel()
	dir := root(t)
	files, _ := filepath.Glob(filepath.Join(dir, ".github/workflows/*.yml"))
	examples, _ := filepath.Glob(filepath.Join(dir, "pipelines/github/*.yml"))
	files = append(files, examples...)
	if len(files) < 6 {
		t.Fatalf("found only %d workflow files", len(files))
	}
	out, err := run(t, dir, nil, "go", append([]string{"run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"}, files...)...)
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// TestActionInputsReachHotlaneThroughEnv: real runners set no INPUT_*
// variables for composite actions (act does), so every input must be
// mapped to its HOTLANE_* variable in the step's env, and no input may be
// interpolated into a run: script.
func TestActionInputsReachHotlaneThroughEnv(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(root(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs  map[string]any `yaml:"inputs"`
		Outputs map[string]struct {
			Value string `yaml:"value"`
		} `yaml:"outputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID    string            `yaml:"id"`
				Shell string            `yaml:"shell"`
				Run   string            `yaml:"run"`
				Env   map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", action.Runs.Using)
	}
	var env map[string]string
	for _, s := range action.Runs.Steps {
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash (Linux, macOS and Windows)", s.ID, s.Shell)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q interpolates an expression into run: %q", s.ID, s.Run)
		}
		if s.ID == "hotlane" {
			env = s.Env
		}
	}
	if len(action.Inputs) < 20 {
		t.Fatalf("only %d inputs", len(action.Inputs))
	}
	for name := range action.Inputs {
		key := "HOTLANE_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if name == "command" {
			key = "HOTLANE_ACTION_COMMAND"
		}
		if got := env[key]; got != "${{ inputs."+name+" }}" {
			t.Errorf("input %s: env %s = %q, want ${{ inputs.%s }}", name, key, got, name)
		}
	}
	for name, o := range action.Outputs {
		if o.Value != "${{ steps.hotlane.outputs."+name+" }}" {
			t.Errorf("output %s maps %q", name, o.Value)
		}
	}
}

func TestAzurePipelinesMatchTheSchema(t *testing.T) {
	t.Parallel()
	dir := root(t)
	schema := sharedFile(t, "schemas/azure-pipelines.schema.json")
	files, _ := filepath.Glob(filepath.Join(dir, "pipelines/azure/*.yml"))
	if len(files) < 2 {
		t.Fatalf("found %d Azure pipeline files", len(files))
	}
	out, err := node(t, "", append([]string{"testdata/validate-azure.js", schema}, files...)...)
	if err != nil {
		t.Errorf("Azure Pipelines files do not validate: %v\n%s", err, out)
	}
	// the validator can fail
	if out, err := node(t, "", "testdata/validate-azure.js", schema, "testdata/broken-azure.yml"); err == nil {
		t.Errorf("a broken pipeline validated:\n%s", out)
	}
}

func TestJenkinsfilesLint(t *testing.T) {
	t.Parallel()
	dir := root(t)
	lint := filepath.Join(nodeModules(t), "node_modules", ".bin", "npm-groovy-lint")
	files := []string{filepath.Join(dir, "Jenkinsfile.example")}
	more, _ := filepath.Glob(filepath.Join(dir, "pipelines/jenkins/*"))
	library, _ := filepath.Glob(filepath.Join(dir, "vars/*.groovy"))
	if len(library) < 3 {
		t.Fatalf("found %d shared library steps in vars/", len(library))
	}
	files = append(append(files, more...), library...)
	// --noserver: otherwise npm-groovy-lint leaves a Java server listening
	out, err := run(t, dir, nil, lint, append([]string{"--noserver", "--failon", "error", "--output", "txt"}, files...)...)
	if err != nil {
		t.Errorf("npm-groovy-lint: %v\n%s", err, out)
	}
	broken, _ := filepath.Abs("testdata/Broken.Jenkinsfile")
	if out, err := run(t, dir, nil, lint, "--noserver", "--failon", "error", "--output", "txt", broken); err == nil {
		t.Errorf("a broken Jenkinsfile passed the linter:\n%s", out)
	}
}
