package pipelinecheck

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/config"
)

var update = flag.Bool("update", false, "rewrite the installer's copies from pipelines/install.sh")

// heredocEnd ends the here-document that holds an installer copy.
const heredocEnd = "HOTLANE_INSTALL_SH"

// installerCopies are the files that carry pipelines/install.sh inside a
// here-document (templates that run where nothing of hotlane is checked
// out), and the Jenkins library's resource, a plain copy.
var (
	installerHeredocs = []string{"templates/check.yml", "templates/release.yml", "pipelines/azure/install.yml"}
	installerCopy     = "resources/io/hotlane/install.sh"
)

// embedInstaller returns text with every <<'HOTLANE_INSTALL_SH'
// here-document holding script, indented as its terminator line is.
func embedInstaller(text, script string) (string, int, error) {
	lines := strings.SplitAfter(text, "\n")
	var out strings.Builder
	n := 0
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		if !strings.Contains(lines[i], "<<'"+heredocEnd+"'") {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != heredocEnd {
			j++
		}
		if j == len(lines) {
			return "", n, fmt.Errorf("line %d opens a here-document that never ends with %s", i+1, heredocEnd)
		}
		indent := lines[j][:len(lines[j])-len(strings.TrimLeft(lines[j], " "))]
		for _, line := range strings.SplitAfter(script, "\n") {
			switch line {
			case "":
			case "\n":
				out.WriteString(line)
			default:
				out.WriteString(indent + line)
			}
		}
		out.WriteString(lines[j])
		i = j
		n++
	}
	return out.String(), n, nil
}

// scalars returns every string the YAML document holds, as a shell would
// receive it.
func scalars(n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, scalars(c)...)
	}
	return out
}

// documentScalars returns the strings of every YAML document in text (a
// GitLab component is two: its spec, then its jobs).
func documentScalars(t *testing.T, name string, text []byte) []string {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var out []string
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, scalars(&doc)...)
	}
}

// TestInstallerCopiesAreVerbatim: the GitLab components, the Azure install
// template and the Jenkins library carry pipelines/install.sh byte for
// byte, as the shell reads it after YAML is parsed; -update rewrites them.
func TestInstallerCopiesAreVerbatim(t *testing.T) {
	t.Parallel()
	dir := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(dir, "pipelines", "install.sh"))
	if err != nil {
		t.Fatal(err)
	}
	script := string(data)
	for _, name := range installerHeredocs {
		path := filepath.Join(dir, filepath.FromSlash(name))
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, n, err := embedInstaller(string(text), script)
		switch {
		case err != nil:
			t.Fatalf("%s: %v", name, err)
		case n != 1:
			t.Fatalf("%s holds %d installer here-documents, want 1", name, n)
		case *update:
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			text = []byte(want)
		case string(text) != want:
			t.Errorf("%s does not hold pipelines/install.sh verbatim (go test ./internal/testkit/suites/pipelinecheck -run TestInstallerCopiesAreVerbatim -update)", name)
		}
		found := 0
		for _, s := range documentScalars(t, name, text) {
			if strings.Contains(s, "<<'"+heredocEnd+"'\n"+script+heredocEnd+"\n") {
				found++
			}
		}
		if found != 1 {
			t.Errorf("%s: after YAML parsing, %d scripts hold the installer verbatim, want 1", name, found)
		}
	}
	path := filepath.Join(dir, filepath.FromSlash(installerCopy))
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if copied, err := os.ReadFile(path); err != nil || string(copied) != script {
		t.Errorf("%s is not pipelines/install.sh (go test ./internal/testkit/suites/pipelinecheck -run TestInstallerCopiesAreVerbatim -update): %v", installerCopy, err)
	}
}

// TestPipelineVariablesAreKnown: every HOTLANE_* variable the installer
// and the pipeline files use is a setting, an output (HOTLANE_OUT_*), or
// listed in config.PipelineVariables, so no warning about unknown
// variables fires on hotlane's own files.
func TestPipelineVariablesAreKnown(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known["HOTLANE_"+k] = true
	}
	for _, v := range config.PipelineVariables {
		if known[v] {
			t.Errorf("%s is a setting and in config.PipelineVariables", v)
		}
		known[v] = true
	}
	files := append([]string{"action.yml", "pipelines/install.sh", "pipelines/github/action-install.sh", "pipelines/github/action-run.sh",
		"pipelines/azure/hotlane-step.yml"}, installerHeredocs...)
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(repoRoot(t), filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range regexp.MustCompile(`HOTLANE_[A-Z_]*[A-Z]`).FindAllString(string(data), -1) {
			if !known[v] && !strings.HasPrefix(v, "HOTLANE_OUT_") && v != heredocEnd {
				t.Errorf("%s uses %s, which is no setting and not in config.PipelineVariables", name, v)
			}
		}
	}
}
