package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/cli"
	"github.com/hotlane/hotlane/internal/testkit/citest"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// marker is in every hostile payload: a runner command whose name or
// properties hold it was injected.
const marker = "PWNED"

// hostileSubjects are commit subjects (and author names) that try to talk
// to the runner: Azure DevOps logging and formatting commands, GitHub
// workflow commands, escapes that repaint a log, markup that breaks a
// table.
var hostileSubjects = []string{
	"fix: ##vso[task.setvariable variable=" + marker + "]command=rm -rf /",
	"##vso[task.complete result=Failed]" + marker,
	"###vso[task.setvariable variable=" + marker + "]x",
	"##[error]" + marker,
	"::error::" + marker,
	"  ::add-mask::" + marker,
	"::set-output name=" + marker + "::x",
	"\x1b[2J\x1b[31m" + marker + "\x07\x0b",
	"| " + marker + " | <b>bold</b> <script>x</script>",
	"%0A::error::" + marker + "%0D##vso[task.complete]" + marker,
	"fix \u2028::warning::" + marker,
	// bidi controls and invisible characters: text that reads as what it is not
	"fix: check \u202e}\u2066if (isAdmin)\u2069\u2066 { " + marker,
	"fix: \u200fnot\u200e \u061creally\u2067 \u200bhidden\ufeff\U000E0041 " + marker,
	"\u00a0::error::" + marker,
	"### ##vso[task.setvariable variable=" + marker + "]x ##[error]" + marker,
	"## heading? ###[warning]" + marker,
}

// TestHostileTextNeverCommandsTheRunner puts hostile subjects and author
// names in a lane and runs the gate, status and a dry-run release in every
// CI mode and every format: no line of stdout or stderr may hold a runner
// command that the payload wrote (Azure's ##vso[ anywhere in a line and ##[
// at its start; GitHub's :: at its start), no raw control character gets
// out, every file parses (JUnit XML, markdown tables with the right cell
// count, GitHub outputs), and the token appears only where it is masked.
func TestHostileTextNeverCommandsTheRunner(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	run(t, o.Clone, nil, "release", "--build", "41", "--ci", "none")
	gittest.Git(t, o.Clone, "fetch", "-q", "origin")
	gittest.Git(t, o.Clone, "checkout", "-q", "-b", "hotfix/41", "origin/hotfix/41")
	for i, s := range hostileSubjects {
		path := filepath.Join(o.Clone, fmt.Sprintf("f%d.txt", i))
		if err := os.WriteFile(path, []byte(s+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		author := strings.NewReplacer("<", "", ">", "", "\n", " ").Replace(s) + " <x@example.com>"
		gittest.Git(t, o.Clone, "add", ".")
		gittest.Git(t, o.Clone, "commit", "-q", "--author", author, "-m", s)
	}
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	gittest.Git(t, o.Clone, "checkout", "-q", "main")
	gittest.Commit(t, o.Clone, "more.go", "package shop\n", "feat: more")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")

	runs := 0
	for _, kind := range []string{"none", "github", "azure", "jenkins", "gitlab"} {
		for _, format := range []string{"text", "json", "markdown", "junit"} {
			// the report on stdout, then in a file (stdout keeps the text)
			stdout, stderr, code := run(t, o.Clone, ciEnv(kind, t.TempDir()), "check", "--format", format)
			if code != 1 {
				t.Fatalf("%s/%s: check exited %d, want 1\n%s", kind, format, code, stderr)
			}
			checkLines(t, kind+"/"+format+" check", stdout+stderr)
			if format == "markdown" {
				checkMarkdownTables(t, kind+"/markdown check", stdout)
				checkHeadings(t, kind+"/markdown check", stdout)
			}
			dir := t.TempDir()
			out := filepath.Join(dir, "report."+format)
			stdout, stderr, code = run(t, o.Clone, ciEnv(kind, dir), "check", "--format", format, "--output", out)
			if code != 1 || !strings.Contains(stdout, "MISSING hotfix/41") {
				t.Fatalf("%s/%s --output: check exited %d, want 1 and the text report on stdout\n%s%s", kind, format, code, stdout, stderr)
			}
			checkLines(t, kind+"/"+format+" check --output", stdout+stderr)
			checkFiles(t, kind+"/"+format, format, out, dir)
			runs += 2
		}
		dir := t.TempDir()
		env := ciEnv(kind, dir)
		for _, args := range [][]string{{"status"}, {"status", "--format", "markdown"}, {"release", "--build", "42", "--dry-run"},
			{"release", "--build", "42", "--dry-run", "--format", "markdown"}, {"backport", "--mode", "git"}} {
			stdout, stderr, _ := run(t, o.Clone, env, args...)
			checkLines(t, kind+" "+strings.Join(args, " "), stdout+stderr)
			checkMarkdownTables(t, kind+" "+strings.Join(args, " "), stdout)
			if slices.Contains(args, "markdown") {
				checkHeadings(t, kind+" "+strings.Join(args, " "), stdout)
			}
			runs++
		}
		checkFiles(t, kind+" status", "", "", dir)
	}

	// a release tag whose record a hostile hand wrote, and a pre-receive
	// hook that answers with runner commands and escapes
	record := "Production release 50\n\nHotlane-Release: 50\nHotlane-Environment: production\nHotlane-Commit: " +
		gittest.Git(t, o.Clone, "rev-parse", "HEAD") + "\nHotlane-Lane: hotfix/50 ##vso[task.setvariable variable=" + marker + "]x\n" +
		"Hotlane-Source: ::error::" + marker + "\n"
	gittest.Git(t, o.Clone, "tag", "-a", "-m", record, "prod-50")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "prod-50")
	hook := filepath.Join(o.Bare, "hooks", "pre-receive")
	script := "#!/bin/sh\nprintf '##vso[task.setvariable variable=" + marker + "]x\\n::error::" + marker + "\\n\\033[2J" + marker + "\\n'\nexit 1\n"
	if err := os.WriteFile(hook, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"none", "github", "azure", "jenkins", "gitlab"} {
		dir := t.TempDir()
		env := ciEnv(kind, dir)
		for _, args := range [][]string{{"status"}, {"status", "--format", "markdown"}, {"rollback"}, {"rollback", "--format", "markdown"},
			{"mark-bad", "50", "--reason", "::error::" + marker + " ##vso[task.complete] | <b>", "--dry-run", "--format", "markdown"},
			{"release", "--build", "51", "--no-check"}} {
			stdout, stderr, code := run(t, o.Clone, env, args...)
			if args[0] == "release" && (code != 3 || !strings.Contains(stderr+stdout, marker)) {
				t.Errorf("%s release against a refusing hook: exit %d, the hook's words not shown:\n%s%s", kind, code, stdout, stderr)
			}
			checkLines(t, kind+" "+strings.Join(args, " ")+" (hostile record and hook)", stdout+stderr)
			checkMarkdownTables(t, kind+" "+strings.Join(args, " ")+" (hostile record and hook)", stdout)
			runs++
		}
		checkFiles(t, kind+" hostile record", "", "", dir)
	}
	t.Logf("HOSTILE payloads=%d runs=%d", len(hostileSubjects)+2, runs)
}

// run runs hotlane in dir with env and returns what it printed and its
// exit code.
func run(t *testing.T, dir string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	e := map[string]string{"GH_TOKEN": sentinel, "HOME": os.Getenv("HOME"), "PATH": os.Getenv("PATH")}
	for k, v := range env {
		e[k] = v
	}
	var out, errs bytes.Buffer
	code = cli.Main(context.Background(), cli.IO{In: strings.NewReader(""), Out: &out, Err: &errs}, append(args, "--repo", dir), e)
	return out.String(), errs.String(), code
}

func ciEnv(kind, dir string) map[string]string {
	switch kind {
	case "github":
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_RUN_NUMBER": "42", "GITHUB_OUTPUT": filepath.Join(dir, "output"),
			"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md")}
	case "azure":
		return map[string]string{"TF_BUILD": "True", "BUILD_BUILDNUMBER": "42"}
	case "jenkins":
		return map[string]string{"JENKINS_URL": "https://jenkins.example/", "BUILD_NUMBER": "42"}
	case "gitlab":
		return map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_IID": "42"}
	}
	return nil
}

// checkLines reads output as the runners do.
// gitlabSection is a GitLab section marker as internal/ci writes it.
var gitlabSection = regexp.MustCompile(`^\x1b\[0Ksection_(start|end):\d+:hotlane_\d+_[a-z0-9_]*(\[collapsed=true\])?\r\x1b\[0K`)

func checkLines(t *testing.T, what, output string) {
	t.Helper()
	for _, line := range strings.Split(output, "\n") {
		// hotlane's own GitLab section markers are the only escapes it writes
		line = gitlabSection.ReplaceAllString(line, "")
		for _, r := range line {
			if (r < 0x20 && r != '\t') || r == 0x7f || r == '\u2028' || r == '\u2029' {
				t.Errorf("%s: a raw control character %U in %q", what, r, line)
			}
			if ci.Hidden(r) {
				t.Errorf("%s: a raw bidi control or invisible character %U in %q", what, r, line)
			}
		}
		if strings.Contains(line, sentinel) && !strings.Contains(line, "::add-mask::"+sentinel) && !strings.Contains(line, "setsecret]"+sentinel) {
			t.Errorf("%s: the token in %q", what, line)
		}
		if strings.Contains(line, "##vso[") {
			cmd, err := citest.ParseAzureCommand(line)
			if err != nil || !strings.HasPrefix(line, "##vso[") {
				t.Errorf("%s: a logging command inside a line: %q", what, line)
				continue
			}
			for k, v := range cmd.Properties {
				if strings.Contains(k+v, marker) {
					t.Errorf("%s: an injected logging command: %q", what, line)
				}
			}
			if !map[string]bool{"task.setvariable": true, "task.logissue": true, "task.setsecret": true, "build.addbuildtag": true}[cmd.Name] {
				t.Errorf("%s: a logging command hotlane does not issue: %q", what, line)
			}
		}
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace) // as the runner's TrimStart
		if strings.HasPrefix(trimmed, "##[") && !strings.HasPrefix(trimmed, "##[group]") && !strings.HasPrefix(trimmed, "##[endgroup]") {
			t.Errorf("%s: a formatting command hotlane does not issue: %q", what, line)
		}
		if strings.HasPrefix(trimmed, "::") {
			name, rest, _ := strings.Cut(trimmed[2:], "::")
			if strings.Contains(name, marker) || !map[string]bool{"add-mask": true, "error": true, "warning": true, "notice": true, "group": true, "endgroup": true}[strings.Fields(name + " x")[0]] {
				t.Errorf("%s: an injected workflow command: %q", what, line)
			}
			_ = rest
		}
	}
}

// checkFiles parses what hotlane wrote for the runner and for people.
func checkFiles(t *testing.T, what, format, report, dir string) {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, "output")); err == nil {
		if _, err := citest.ParseGitHubFile(string(data)); err != nil {
			t.Errorf("%s: GITHUB_OUTPUT does not parse: %v", what, err)
		}
	}
	for _, md := range []string{filepath.Join(dir, "summary.md"), report} {
		if data, err := os.ReadFile(md); err == nil && (md != report || format == "markdown") {
			checkMarkdownTables(t, what+" "+filepath.Base(md), string(data))
			checkHeadings(t, what+" "+filepath.Base(md), string(data))
			for _, r := range string(data) {
				if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || ci.Hidden(r) {
					t.Errorf("%s: a raw control or invisible character %U in %s", what, r, filepath.Base(md))
					break
				}
			}
		}
	}
	if report != "" {
		if data, err := os.ReadFile(report); err == nil {
			checkLines(t, what+" "+filepath.Base(report), string(data))
		}
	}
	if format == "junit" {
		data, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ XMLName xml.Name }
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: the JUnit file does not parse: %v", what, err)
		}
		if strings.IndexFunc(string(data), ci.Hidden) >= 0 || !strings.Contains(string(data), `\u202e`) {
			t.Errorf("%s: the JUnit file keeps an invisible character, or does not show it as \\u202e", what)
		}
	}
}

// checkHeadings checks that markdown has headings and that each is one a
// renderer reads: "#" to "######", then a space, with nothing invisible
// between them.
func checkHeadings(t *testing.T, what, md string) {
	t.Helper()
	headings := 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "\u2060#") {
			continue
		}
		hashes := strings.TrimLeft(line, "#")
		if n := len(line) - len(hashes); n > 6 || !strings.HasPrefix(hashes, " ") {
			t.Errorf("%s: a heading no markdown renderer reads: %q", what, line)
			continue
		}
		headings++
	}
	if headings == 0 {
		t.Errorf("%s: no markdown heading in\n%s", what, md)
	}
}

// checkMarkdownTables checks that every row of every table has as many
// cells as its header.
func checkMarkdownTables(t *testing.T, what, md string) {
	t.Helper()
	want := 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") - 1
		if want == 0 {
			want = cells
			continue
		}
		if cells != want {
			t.Errorf("%s: a table row with %d cells, the header has %d: %q", what, cells, want, line)
		}
	}
}
