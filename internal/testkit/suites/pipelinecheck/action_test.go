package pipelinecheck

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/cli"
	"github.com/hotlane/hotlane/internal/config"
)

// repoRoot is the repository's top directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// actionFile is what action.yml declares and runs.
type actionFile struct {
	Inputs  map[string]any `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Name  string            `yaml:"name"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// helpText runs hotlane with args (a --help) and returns what it printed.
func helpText(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	if code := cli.Main(context.Background(), cli.IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, args, map[string]string{}); code != 0 {
		t.Fatalf("hotlane %v exited %d: %s", args, code, errOut.String())
	}
	return out.String() + errOut.String()
}

// commands lists hotlane's commands, as its help shows them.
func commands(t *testing.T) []string {
	t.Helper()
	help := helpText(t, "--help")
	_, list, ok := strings.Cut(help, "Available Commands:\n")
	if !ok {
		t.Fatalf("hotlane --help lists no commands:\n%s", help)
	}
	var out []string
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			break
		}
		if f[0] != "help" && f[0] != "completion" {
			out = append(out, f[0])
		}
	}
	return out
}

// flags lists every flag of every command (by name, without --).
func flags(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, c := range commands(t) {
		for _, m := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([a-z][a-z-]*)\b`).FindAllStringSubmatch(helpText(t, c, "--help"), -1) {
			if m[1] != "help" {
				out[m[1]] = true
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("found only %d flags in the commands' help", len(out))
	}
	return out
}

// TestEveryActionInputIsASetting: the action's inputs are exactly the
// settings (config.Keys: every flag, and the sync targets' secrets) plus
// command and version, so a new flag cannot ship without its input.
func TestEveryActionInputIsASetting(t *testing.T) {
	t.Parallel()
	a := readAction(t)
	want := map[string]bool{"command": true, "version": true}
	for _, key := range config.Keys() {
		want[config.FlagName(key)] = true
	}
	for name := range want {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("action.yml has no input %q (setting HOTLANE_%s)", name, strings.ToUpper(strings.ReplaceAll(name, "-", "_")))
		}
	}
	for name := range a.Inputs {
		if !want[name] {
			t.Errorf("action.yml input %q is no hotlane setting (config.Keys)", name)
		}
	}
	for f := range flags(t) {
		if f != "format" && f != "version" {
			if _, ok := config.Lookup(f); !ok {
				t.Errorf("hotlane --%s is no setting in config's table", f)
			}
		}
	}
}

// TestActionInputsReachHotlaneThroughEnv: real runners set no INPUT_*
// variables for composite actions, so every input is mapped to its
// HOTLANE_* variable in the step's env, and no expression is interpolated
// into a run: script.
func TestActionInputsReachHotlaneThroughEnv(t *testing.T) {
	t.Parallel()
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", a.Runs.Using)
	}
	env := map[string]string{}
	for _, s := range a.Runs.Steps {
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash (Linux, macOS and Windows)", s.Name, s.Shell)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q interpolates an expression into run: %q", s.Name, s.Run)
		}
		for k, v := range s.Env {
			env[k] = v
		}
	}
	for name := range a.Inputs {
		key := "HOTLANE_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if name == "command" {
			key = "HOTLANE_ACTION_COMMAND"
		}
		if got := env[key]; got != "${{ inputs."+name+" }}" {
			t.Errorf("input %s: env %s = %q, want ${{ inputs.%s }}", name, key, got, name)
		}
	}
	for name, o := range a.Outputs {
		if o.Value != "${{ steps.hotlane.outputs."+name+" }}" {
			t.Errorf("output %s maps %q", name, o.Value)
		}
	}
}

// TestEveryCommandRunsThroughTheAction: the script behind the command
// input accepts every hotlane command, mark-bad with its build.
func TestEveryCommandRunsThroughTheAction(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "pipelines/github/action-run.sh"))
	if err != nil {
		t.Fatal(err)
	}
	script := string(data)
	for _, c := range commands(t) {
		if !regexp.MustCompile(`(?m)^[a-z| -]*\b` + regexp.QuoteMeta(c) + `\b[a-z| -]*\)$`).MatchString(script) {
			t.Errorf("the action's command input does not accept %q", c)
		}
	}
	if !strings.Contains(script, "mark-bad | retire)") || !strings.Contains(script, `exec hotlane "$command" -- "$HOTLANE_BUILD"`) {
		t.Error("mark-bad and retire do not take their release from the build input")
	}
}

// configTable is the configuration reference: docs/configuration.md when
// it exists, else the README's "Configuration" section.
func configTable(t *testing.T) (string, string) {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "configuration.md")); err == nil {
		return "docs/configuration.md", string(data)
	}
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no Configuration section and there is no docs/configuration.md")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return "README.md (Configuration)", section
}

// TestEverySettingIsDocumented: the configuration table has a row for
// every flag, and the settings that are only variables (the sync targets'
// secrets) are named there.
func TestEverySettingIsDocumented(t *testing.T) {
	t.Parallel()
	where, doc := configTable(t)
	var rows strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "|") {
			rows.WriteString(line + "\n")
		}
	}
	isFlag := flags(t)
	var missing []string
	for _, key := range config.Keys() {
		name := config.FlagName(key)
		switch {
		case isFlag[name] && !strings.Contains(rows.String(), "`--"+name+"`") && !strings.Contains(rows.String(), "`--"+name+" "):
			missing = append(missing, "--"+name)
		case !isFlag[name] && !strings.Contains(doc, "HOTLANE_"+key):
			missing = append(missing, "HOTLANE_"+key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%s lacks %s", where, strings.Join(missing, ", "))
	}
}
