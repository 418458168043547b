//go:build validators

package pipelinecheck

import (
	"path/filepath"
	"testing"
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
	out, err := run(t, dir, nil, goTool(t, "actionlint"), files...)
	if err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
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
