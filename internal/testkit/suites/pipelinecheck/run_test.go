//go:build validators

package pipelinecheck

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/cli"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestAzureCommandsReadByTaskLib parses hotlane's ##vso lines with
// azure-pipelines-task-lib's commandFromString: the values the agent would
// set are exactly hotlane's outputs, also for hostile branch names.
func TestAzureCommandsReadByTaskLib(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	env := map[string]string{"TF_BUILD": "True", "BUILD_BUILDNUMBER": "20261122.7", "BUILD_SOURCEVERSION": head,
		"BUILD_SOURCEBRANCH": "refs/heads/x;y]%0A##vso[task.complete result=Failed]", "SYSTEM_ACCESSTOKEN": "azure-token-99999", "HOTLANE_REPO": o.Clone}
	var stdout, stderr strings.Builder
	code := cli.Main(context.Background(), cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, []string{"release"}, env)
	if code != 0 {
		t.Fatalf("release exited %d: %s", code, stderr.String())
	}
	out, err := node(t, stdout.String(), "testdata/parse-vso.js")
	if err != nil {
		t.Fatalf("parse-vso: %v\n%s", err, out)
	}
	got := map[string]string{}
	var commands []string
	warned := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var c struct {
			Command    string            `json:"command"`
			Properties map[string]string `json:"properties"`
			Message    string            `json:"message"`
		}
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		commands = append(commands, c.Command)
		if c.Command == "task.logissue" {
			// the CI's branch cannot be recorded: left out of the record, said as a warning
			if c.Properties["type"] != "warning" || !strings.Contains(c.Message, "is left out of the release record") {
				t.Errorf("an unexpected issue: %+v", c)
			}
			warned = true
		}
		if c.Command == "task.setvariable" {
			if c.Properties["isOutput"] != "true" {
				t.Errorf("%s is not an output variable", c.Properties["variable"])
			}
			got[c.Properties["variable"]] = c.Message
		}
	}
	want := map[string]string{"release": "20261122.7", "tag": "prod-20261122.7", "lane": "hotfix/20261122.7", "commit": head,
		"previous_release": "", "previous_tag": "", "previous_commit": "", "dropped": "0"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("variable %s = %q, want %q", k, got[k], v)
		}
	}
	for _, c := range commands {
		if c != "task.setsecret" && c != "task.setvariable" && c != "build.addbuildtag" && c != "task.logissue" {
			t.Errorf("the agent would run an unexpected command %q", c)
		}
	}
	if !warned {
		t.Error("the hostile branch was neither recorded nor said to be left out")
	}
	if strings.Contains(stdout.String(), "azure-token-99999") && !strings.Contains(stdout.String(), "##vso[task.setsecret]azure-token-99999") {
		t.Error("the token appears outside its setsecret command")
	}
}

var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

// hotlaneBin builds hotlane once and returns the directory holding it.
func hotlaneBin(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "hotlane-bin-")
		if binErr == nil {
			var out []byte
			out, binErr = exec.Command("go", "build", "-o", filepath.Join(binDir, "hotlane"), "github.com/hotlane/hotlane/cmd/hotlane").CombinedOutput()
			if binErr != nil {
				binDir = string(out)
			}
		}
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binDir)
	}
	return binDir
}

// example is a pipeline's files, run in order, how to find their hotlane
// invocations, and the variables its CI documents. A file's literal
// 'HOTLANE_X=value' strings (the Jenkins steps' withEnv) are set for its
// own commands.
type example struct {
	files []string
	re    *regexp.Regexp // the first group is the shell command
	env   func(head string) map[string]string
}

// jenkinsEnv are the variables a Jenkins agent gives a build.
func jenkinsEnv(head string) map[string]string {
	return map[string]string{"JENKINS_URL": "https://jenkins.example/", "BUILD_NUMBER": "43", "GIT_COMMIT": head,
		"GIT_BRANCH": "origin/main", "BUILD_URL": "https://jenkins.example/job/shop/43/"}
}

var literalEnv = regexp.MustCompile(`'(HOTLANE_[A-Z_]+=[^'$]*)'`)

var examples = []example{
	{[]string{"Jenkinsfile.example"}, regexp.MustCompile(`'(hotlane [^']*)'`), jenkinsEnv},
	// the shared library's steps: the gate, then the release
	{[]string{"vars/hotlaneCheck.groovy", "vars/hotlaneRelease.groovy"}, regexp.MustCompile(`'(hotlane [^']*)'`), jenkinsEnv},
	{[]string{"pipelines/gitlab/gitlab-ci.example.yml"}, regexp.MustCompile(`(?m)^\s*- (hotlane .*)$`), func(head string) map[string]string {
		return map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_IID": "43", "CI_COMMIT_SHA": head, "CI_COMMIT_REF_NAME": "main",
			"CI_PIPELINE_URL": "https://gitlab.example/acme/shop/-/pipelines/9"}
	}},
}

// TestExamplesRun runs the hotlane commands each example pipeline runs, in
// order, with that CI's variables against a local bare remote, and checks
// that what the example reads back afterwards exists.
func TestExamplesRun(t *testing.T) {
	t.Parallel()
	bin := hotlaneBin(t)
	for _, ex := range examples {
		t.Run(filepath.Base(ex.files[0]), func(t *testing.T) {
			t.Parallel()
			o := gittest.NewOrigin(t, t.TempDir())
			head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
			env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + t.TempDir()}
			for k, v := range ex.env(head) {
				env = append(env, k+"="+v)
			}
			var all strings.Builder
			commands := 0
			for _, file := range ex.files {
				data, err := os.ReadFile(filepath.Join(root(t), file))
				if err != nil {
					t.Fatal(err)
				}
				all.Write(data)
				fileEnv := append([]string(nil), env...)
				for _, m := range literalEnv.FindAllStringSubmatch(string(data), -1) {
					fileEnv = append(fileEnv, m[1])
				}
				for _, m := range ex.re.FindAllStringSubmatch(string(data), -1) {
					commands++
					cmd := exec.Command("sh", "-c", m[1])
					cmd.Dir = o.Clone
					cmd.Env = append(gittest.Env(), fileEnv...)
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("%s: %q failed: %v\n%s", file, m[1], err, out)
					}
				}
			}
			if commands < 2 {
				t.Fatalf("found %d hotlane commands in %v", commands, ex.files)
			}
			data := all.String()
			// every HOTLANE_OUT_* the example reads was written
			written, _ := filepath.Glob(filepath.Join(o.Clone, "hotlane*.*"))
			var files strings.Builder
			for _, f := range written {
				b, _ := os.ReadFile(f)
				files.Write(b)
			}
			for _, key := range regexp.MustCompile(`HOTLANE_OUT_[A-Z_]+`).FindAllString(data, -1) {
				if !strings.Contains(files.String(), key+"=") {
					t.Errorf("%v reads %s, which hotlane did not write", ex.files, key)
				}
			}
			if got := gittest.Git(t, o.Bare, "rev-parse", "prod-43^{commit}"); got != head {
				t.Errorf("the example's release did not tag %s: %s", head, got)
			}
		})
	}
}

// TestAzureExampleReadsOutputsHotlaneWrites: the stage variables of the
// Azure example name output variables that hotlane sets.
func TestAzureExampleReadsOutputsHotlaneWrites(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(root(t), "pipelines/azure/azure-pipelines.example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`outputs\['hotlane\.([a-z_]+)'\]`).FindAllStringSubmatch(string(data), -1)
	if len(refs) == 0 {
		t.Fatal("the Azure example reads no hotlane outputs")
	}
	names := map[string]bool{}
	for _, n := range []string{"release", "tag", "lane", "commit", "previous-release", "previous-tag", "previous-commit", "dropped"} {
		names[ci.AzureOutputName(n)] = true
	}
	for _, r := range refs {
		if !names[r[1]] {
			t.Errorf("the Azure example reads hotlane.%s, which release does not set", r[1])
		}
	}
}
