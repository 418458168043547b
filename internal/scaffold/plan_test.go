package scaffold

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/policy"
)

func TestPlanEveryCI(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"github":  {".github/workflows/hotlane.yml", ".hotlane.yml"},
		"gitlab":  {".gitlab/hotlane.yml", ".hotlane.yml"},
		"azure":   {".azure-pipelines/hotlane-install.yml", ".azure-pipelines/hotlane.yml", ".hotlane.yml"},
		"jenkins": {"Jenkinsfile.hotlane", ".hotlane.yml"},
	}
	for ci, paths := range want {
		files, err := Plan(ci, Values{Main: "develop", Version: "v2.3.4"})
		if err != nil {
			t.Fatalf("%s: %v", ci, err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
			text := string(f.Content)
			if strings.Contains(text, "{%") || strings.Contains(text, "%}") || strings.Contains(text, "<no value>") {
				t.Errorf("%s %s: a placeholder is left:\n%s", ci, f.Path, text)
			}
			if !strings.Contains(text, "develop") && !strings.HasSuffix(f.Path, "-install.yml") && f.Path != policy.Name {
				t.Errorf("%s %s does not name the main line", ci, f.Path)
			}
			if strings.HasSuffix(f.Path, ".yml") {
				var doc map[string]any
				if err := yaml.Unmarshal(f.Content, &doc); err != nil || len(doc) == 0 && f.Path != policy.Name {
					t.Errorf("%s %s is not YAML: %v", ci, f.Path, err)
				}
			}
		}
		if !slices.Equal(got, paths) {
			t.Errorf("%s writes %q, want %q", ci, got, paths)
		}
	}
	if _, err := Plan("none", Values{Main: "main"}); err == nil {
		t.Error("a plan for --ci none")
	}
}

// TestGitHubWorkflow reads the workflow as the runner would: the gate on
// pull requests and pushes to the main line, the release after the deploy
// on pushes only, with the action of the running major version.
func TestGitHubWorkflow(t *testing.T) {
	t.Parallel()
	files, err := Plan("github", Values{Main: "release+next", Version: "v2.3.4"})
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On map[string]struct {
			Branches []string `yaml:"branches"`
		} `yaml:"on"`
		Jobs map[string]struct {
			If    string `yaml:"if"`
			Needs string `yaml:"needs"`
			Steps []struct {
				Uses, Run, Name, ID string
				With                map[string]string
			} `yaml:"steps"`
			Permissions map[string]string `yaml:"permissions"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(files[0].Content, &wf); err != nil {
		t.Fatal(err)
	}
	for _, event := range []string{"pull_request", "push"} {
		if b := wf.On[event].Branches; len(b) != 1 || b[0] != `release\+next` {
			t.Errorf("on %s: branches %q, want the main line as a literal filter", event, b)
		}
	}
	gate, prod := wf.Jobs["backport-gate"], wf.Jobs["production"]
	if len(gate.Steps) != 2 || gate.Steps[1].Uses != "hotlane/hotlane@v2" || gate.Steps[1].With["command"] != "check" {
		t.Errorf("the gate job: %+v", gate.Steps)
	}
	if prod.Needs != "backport-gate" || prod.If != "github.event_name == 'push'" || prod.Permissions["contents"] != "write" {
		t.Errorf("the production job: needs %q, if %q, permissions %v", prod.Needs, prod.If, prod.Permissions)
	}
	var order []string
	for _, s := range prod.Steps {
		order = append(order, s.Name+s.Uses+s.ID)
	}
	if !slices.Equal(order, []string{"actions/checkout@v4", "Deploy", "hotlane/hotlane@v2release", ""}) {
		t.Errorf("the production steps: %q", order)
	}
}

// TestPolicyFile: the policy file parses and gives the templates given; it
// never names the main line, which decides where the file is read from
// (the pipelines do, where the remote's HEAD does not).
func TestPolicyFile(t *testing.T) {
	t.Parallel()
	for _, v := range []Values{
		{Main: "main"},
		{Main: "yes", BranchTemplate: "release/{build}", TagTemplate: "v{build}"},
		{Main: "1.0", TagTemplate: "{build}"}, // a YAML flow mapping, unquoted
	} {
		files, err := Plan("jenkins", v)
		if err != nil {
			t.Fatal(err)
		}
		pol := files[len(files)-1]
		f, err := policy.Parse(pol.Content)
		if err != nil || pol.Path != policy.Name {
			t.Fatalf("%s: %v", pol.Path, err)
		}
		if f.Defaults.Main != "" || f.Defaults.BranchTemplate != v.BranchTemplate || f.Defaults.TagTemplate != v.TagTemplate {
			t.Errorf("%+v: the policy's defaults are %+v", v, f.Defaults)
		}
	}
}

// TestPinnedMainLine: a main line that is not the remote's HEAD branch is
// named to hotlane by every pipeline; the remote's HEAD is left to hotlane.
func TestPinnedMainLine(t *testing.T) {
	t.Parallel()
	pins := map[string]string{
		"github":  `main: "trunk"`,
		"gitlab":  `HOTLANE_MAIN: "trunk"`,
		"azure":   `HOTLANE_MAIN: "trunk"`,
		"jenkins": `HOTLANE_MAIN = 'trunk'`,
	}
	for ci, pin := range pins {
		for _, pinned := range []bool{true, false} {
			files, err := Plan(ci, Values{Main: "trunk", PinMain: pinned})
			if err != nil {
				t.Fatal(err)
			}
			var pipeline string
			for _, f := range files {
				pipeline += string(f.Content)
			}
			if strings.Contains(pipeline, pin) != pinned || strings.Contains(pipeline, "HOTLANE_MAIN") && !pinned {
				t.Errorf("%s with PinMain %v:\n%s", ci, pinned, pipeline)
			}
			if pinned && strings.Count(pipeline, pin) != map[string]int{"github": 2}[ci]+map[bool]int{true: 1}[ci != "github"] {
				t.Errorf("%s names the main line %d times", ci, strings.Count(pipeline, pin))
			}
		}
	}
}

func TestVersions(t *testing.T) {
	t.Parallel()
	for version, want := range map[string][]string{
		"v1.2.3":                     {"gitlab.com/hotlane/hotlane/check@1", `version: "v1.2.3"`},
		"v12.0.1":                    {"gitlab.com/hotlane/hotlane/check@12", `version: "v12.0.1"`},
		"dev":                        {"gitlab.com/hotlane/hotlane/check@1", `version: "v1"`},
		"v1.2.4-0.20261201-abcdef12": {"gitlab.com/hotlane/hotlane/check@1", `version: "v1"`}, // a pseudo-version is no release
	} {
		files, err := Plan("gitlab", Values{Main: "main", Version: version})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(files[0].Content), w) {
				t.Errorf("version %s: no %q in\n%s", version, w, files[0].Content)
			}
		}
	}
}

// TestTemplatesUseWhatTheRepositoryShips: the pipelines init writes use
// hotlane's own action, GitLab components (with the inputs they are
// given) and installer: a rename of any of them fails here.
func TestTemplatesUseWhatTheRepositoryShips(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	for _, f := range []string{"action.yml", "pipelines/install.sh"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("the templates use %s: %v", f, err)
		}
	}
	for _, component := range []string{"check", "release"} {
		data, err := os.ReadFile(filepath.Join(root, "templates", component+".yml"))
		if err != nil {
			t.Errorf("the GitLab template includes the component %s: %v", component, err)
			continue
		}
		var spec struct {
			Spec struct {
				Inputs map[string]any `yaml:"inputs"`
			} `yaml:"spec"`
		}
		if err := yaml.NewDecoder(strings.NewReader(string(data))).Decode(&spec); err != nil {
			t.Fatal(err)
		}
		for _, input := range []string{"stage", "version"} {
			if _, ok := spec.Spec.Inputs[input]; !ok {
				t.Errorf("the component %s has no input %q, which the GitLab template sets", component, input)
			}
		}
		if !strings.Contains(string(data), `"$[[ inputs.job-name ]]"`) {
			t.Errorf("the component %s's job is not named by its job-name input", component)
		}
	}
}

func TestQuoting(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"main", "*x", "yes", "a: b", "it's", `back\slash`} {
		var got map[string]any
		if err := yaml.Unmarshal([]byte("k: "+yamlString(s)), &got); err != nil || got["k"] != s {
			t.Errorf("yamlString(%q) = %s reads back as %#v (%v)", s, yamlString(s), got["k"], err)
		}
	}
	if got := groovyString(`it's \`); got != `'it\'s \\'` {
		t.Errorf("groovyString = %s", got)
	}
	if got := githubFilter("!a+b*"); got != `"\\!a\\+b\\*"` {
		t.Errorf("githubFilter = %s", got)
	}
}
