package ci

import (
	"bufio"
	"bytes"
	"encoding/json"
	"github.com/hotlane/hotlane/internal/testkit/citest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// hostile is untrusted text as it may arrive in a commit subject or branch.
var hostile = []string{
	"::set-output name=tag::pwned",
	"  ::add-mask::",
	"fix\n::error::injected",
	"fix\r\n##vso[task.setvariable variable=tag]pwned",
	"see ##vso[task.complete result=Failed]",
	"##[error]fake",
	"\x1b[31mred\x1b[0m",
	"a\u2028::warning::b",
	"\u00a0::error::after a no-break space",
	"\u3000\u2003::warning::after ideographic and em spaces",
	"###vso[task.complete]x",
	"##VSO[task.complete]x",
	"trailing ##",
	"100% done; ok]",
	"_GitHubActionsFileCommandDelimeter_",
	// bidi controls and invisible characters: text that reads as what it is not
	"fix: access check \u202e}\u2066if (isAdmin)\u2069\u2066 {",
	"hotfix/4\u200b3 \u200fby\u200e \u061c\u2067x\u2068\u202a\u202b\u202c\u202d",
	"hidden\U000E0041\U000E0042\ufeff\u00ad tag characters",
}

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"GITHUB_ACTIONS": "true"}, GitHub},
		{map[string]string{"TF_BUILD": "True"}, Azure},
		{map[string]string{"GITLAB_CI": "true"}, GitLab},
		{map[string]string{"JENKINS_URL": "http://j/"}, Jenkins},
		{map[string]string{"JENKINS_HOME": "/var/j", "BUILD_NUMBER": "4"}, Jenkins},
		{map[string]string{"BUILD_NUMBER": "4"}, None},
		{map[string]string{}, None},
	}
	for _, tt := range tests {
		if got := Detect(tt.env); got != tt.want {
			t.Errorf("Detect(%v) = %s, want %s", tt.env, got, tt.want)
		}
	}
}

func TestContextFrom(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind string
		env  map[string]string
		want Context
	}{
		{GitHub, map[string]string{"GITHUB_RUN_NUMBER": "43", "GITHUB_SHA": "abc", "GITHUB_REF": "refs/heads/main",
			"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "99", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_ACTOR": "octo"},
			Context{"43", "abc", "main", "https://github.com/o/r/actions/runs/99/attempts/2", "octo", false, ""}},
		{GitHub, map[string]string{"GITHUB_REF": "refs/tags/v1"}, Context{}},
		{Jenkins, map[string]string{"BUILD_NUMBER": "7", "GIT_COMMIT": "c", "GIT_BRANCH": "origin/hotfix/6", "BUILD_URL": "http://j/job/x/7/"},
			Context{"7", "c", "hotfix/6", "http://j/job/x/7/", "", false, ""}},
		{Azure, map[string]string{"BUILD_BUILDNUMBER": "20261122.3", "BUILD_SOURCEVERSION": "c", "BUILD_SOURCEBRANCH": "refs/heads/main",
			"SYSTEM_COLLECTIONURI": "https://dev.azure.com/org/", "SYSTEM_TEAMPROJECT": "My Project", "BUILD_BUILDID": "12", "BUILD_REQUESTEDFOR": "Jane",
			"SYSTEM_ACCESSTOKEN": "azure-token"},
			Context{"20261122.3", "c", "main", "https://dev.azure.com/org/My%20Project/_build/results?buildId=12", "Jane", false, "azure-token"}},
		{GitLab, map[string]string{"CI_PIPELINE_IID": "5", "CI_COMMIT_SHA": "c", "CI_COMMIT_REF_NAME": "main", "CI_PIPELINE_URL": "https://gl/p/-/pipelines/1", "GITLAB_USER_LOGIN": "u"},
			Context{"5", "c", "main", "https://gl/p/-/pipelines/1", "u", false, ""}},
		{None, map[string]string{"BUILD_NUMBER": "1"}, Context{}},
	}
	for _, tt := range tests {
		if got := ContextFrom(tt.kind, tt.env); got != tt.want {
			t.Errorf("ContextFrom(%s) = %+v, want %+v", tt.kind, got, tt.want)
		}
	}
}

// isGitHubCommand follows the runner: a line is a workflow command when,
// after leading white space is trimmed, it starts with "::".
// isGitHubCommand reads a line as the runner does: "::" once every leading
// Unicode space is trimmed (.NET's TrimStart).
func isGitHubCommand(line string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::")
}

func TestNeutralize(t *testing.T) {
	t.Parallel()
	for _, s := range hostile {
		got := Neutralize(s)
		if strings.ContainsAny(got, "\r\n\x1b\u2028") {
			t.Errorf("Neutralize(%q) = %q keeps a line break or escape", s, got)
		}
		if isGitHubCommand(got) || strings.Contains(got, "##vso[") || strings.Contains(got, "##[") {
			t.Errorf("Neutralize(%q) = %q can still issue a CI command", s, got)
		}
	}
	if got := Neutralize("fix: parser (#12) ü"); got != "fix: parser (#12) ü" {
		t.Errorf("Neutralize changed harmless text: %q", got)
	}
}

// TestInvisibleCharactersAreShown: bidi controls and other invisible
// characters come out as visible escapes in text, in a guarded line and in
// JSON (where the escape is the same JSON value); joiners that scripts
// and emoji need are kept.
func TestInvisibleCharactersAreShown(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"a\u202eb", `a\u202eb`},
		{"x\u2066y\u2069", `x\u2066y\u2069`},
		{"\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`},
		{"tag\U000E0041", `tag\udb40\udc41`},
		{"emoji 👩\u200d💻 and ZWNJ می\u200cخواهم", "emoji 👩\u200d💻 and ZWNJ می\u200cخواهم"},
	}
	for _, tt := range tests {
		if got := Neutralize(tt.in); got != tt.want {
			t.Errorf("Neutralize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := NeutralizeLine(tt.in); got != tt.want {
			t.Errorf("NeutralizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var doc bytes.Buffer
		if err := WriteJSON(&doc, map[string]string{"subject": tt.in}); err != nil {
			t.Fatal(err)
		}
		var back map[string]string
		if err := json.Unmarshal(doc.Bytes(), &back); err != nil || back["subject"] != tt.in {
			t.Errorf("WriteJSON of %q reads back as %q (%v)", tt.in, back["subject"], err)
		}
		if hasHidden(doc.String()) || hasHidden(NeutralizeLine(doc.String())) {
			t.Errorf("WriteJSON of %q keeps an invisible character: %s", tt.in, doc.String())
		}
	}
}

func hasHidden(s string) bool {
	for _, r := range s {
		if Hidden(r) {
			return true
		}
	}
	return false
}

func TestGitHubOutputsRoundTrip(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "output")
	var log bytes.Buffer
	p := New(GitHub, Files{Output: file}, &log, &log)
	want := map[string]string{"tag": "prod-43", "lane": "hotfix/43", "multi": "a\nb=c\n::x"}
	for _, k := range SortedKeys(want) {
		if err := p.SetOutput(k, want[k]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SetOutput("evil", "x\n"+githubDelimiter+"\ntag=pwned"); err == nil {
		t.Error("a value holding the delimiter was written")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, err := citest.ParseGitHubFile(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("outputs = %q, want %q", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("output %s = %q, want %q", k, got[k], v)
		}
	}
	if log.Len() != 0 {
		t.Errorf("outputs leaked into the log: %q", log.String())
	}
}

func TestGitHubWithoutFilesDoesNotPanic(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	p := New(GitHub, Files{}, &log, &log)
	if err := p.SetOutput("tag", "x"); err == nil || !strings.Contains(err.Error(), "GITHUB_OUTPUT") {
		t.Errorf("SetOutput without GITHUB_OUTPUT: %v", err)
	}
	if err := p.Summary("# hi"); err == nil {
		t.Error("Summary without GITHUB_STEP_SUMMARY succeeded")
	}
}

func TestCommandsCannotBeInjected(t *testing.T) {
	t.Parallel()
	for _, kind := range Kinds {
		var log bytes.Buffer
		p := New(kind, Files{}, &log, &log)
		for _, s := range hostile {
			end := p.Group(s)
			p.Annotate(Error, s)
			p.Annotate(Warning, s)
			p.Annotate(Notice, s)
			p.TagBuild(s)
			end()
		}
		sc := bufio.NewScanner(&log)
		for sc.Scan() {
			line := sc.Text()
			checkOwnCommand(t, kind, line)
		}
	}
}

var ownGitHub = regexp.MustCompile(`^::(group|endgroup|error|warning|notice)::`)
var ownAzure = regexp.MustCompile(`^(##vso\[(task\.logissue type=(error|warning);|build\.addbuildtag)\]|##\[(group|endgroup)\])`)

// checkOwnCommand fails when line is, or holds, a CI command that hotlane
// did not mean to issue.
func checkOwnCommand(t *testing.T, kind, line string) {
	t.Helper()
	if isGitHubCommand(line) && !ownGitHub.MatchString(line) {
		t.Errorf("%s: injected GitHub command: %q", kind, line)
	}
	if n := strings.Count(line, "##vso[") + strings.Count(line, "##["); n > 1 || (n == 1 && !ownAzure.MatchString(line)) {
		t.Errorf("%s: injected Azure command: %q", kind, line)
	}
}

func TestAzureOutputsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, value := range append([]string{"prod-43", "", "%0A literal", "a;b]c"}, hostile...) {
		var log bytes.Buffer
		p := New(Azure, Files{}, &log, &log)
		if err := p.SetOutput("previous-release", value); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSuffix(log.String(), "\n")
		if strings.Contains(line, "\n") {
			t.Fatalf("value %q spans lines: %q", value, line)
		}
		cmd, err := citest.ParseAzureCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		if cmd.Name != "task.setvariable" || cmd.Properties["variable"] != "previous_release" || cmd.Properties["isOutput"] != "true" || cmd.Message != value {
			t.Errorf("SetOutput(%q) wrote %q: parsed back as %+v", value, line, cmd)
		}
	}
}

func TestAzureMask(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	New(Azure, Files{}, &log, &log).Mask("s3cr%t")
	if got := log.String(); got != "##vso[task.setsecret]s3cr%AZP25t\n" {
		t.Errorf("mask = %q", got)
	}
}

func TestDotenv(t *testing.T) {
	t.Parallel()
	got, err := RenderEnvFile(FormatDotenv, []Output{{"tag", "prod-43"}, {"previous-tag", ""}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "HOTLANE_OUT_TAG=prod-43\nHOTLANE_OUT_PREVIOUS_TAG=\n"; got != want {
		t.Errorf("dotenv = %q, want %q", got, want)
	}
	if _, err := RenderEnvFile(FormatDotenv, []Output{{"x", "a\nb"}}); err == nil {
		t.Error("a dotenv value with a line break was accepted")
	}
}

// TestGitLabSections: a group is one collapsed section, opened and closed
// under one name made only of what GitLab accepts, its title neutralised.
func TestGitLabSections(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	p := New(GitLab, Files{}, &log, &log)
	end := p.Group("hotfix/41: evidence\r\x1b[0Ksection_end:1:x")
	log.WriteString("a line\n")
	end()
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	start := regexp.MustCompile(`^\x1b\[0Ksection_start:\d+:(hotlane_1_[a-z0-9_]+)\[collapsed=true\]\r\x1b\[0Khotfix/41: evidence\\r\\x1b\[0Ksection_end:1:x$`)
	m := start.FindStringSubmatch(lines[0])
	if len(lines) != 3 || m == nil || lines[1] != "a line" || !regexp.MustCompile(`^\x1b\[0Ksection_end:\d+:`+m[1]+`\r\x1b\[0K$`).MatchString(lines[2]) {
		t.Errorf("sections: %q", lines)
	}
}

// TestTraits: what each CI offers, the one table the rest of hotlane asks
// instead of branching on a CI's name.
func TestTraits(t *testing.T) {
	t.Parallel()
	if g := TraitsOf(GitHub); !g.SummaryPage || g.AnnotationLimit != 10 || !g.OutputFile || !g.Log {
		t.Errorf("github: %+v", g)
	}
	if g := TraitsOf(GitLab); g.EnvFileFormat != FormatDotenv || g.SummaryPage || !strings.Contains(g.FullClone, "GIT_DEPTH: 0") {
		t.Errorf("gitlab: %+v", g)
	}
	for _, kind := range Kinds {
		tr := TraitsOf(kind)
		if tr.FullClone == "" || (tr.EnvFileFormat != FormatDotenv && tr.EnvFileFormat != FormatProperties) || tr.Log != (kind != None) {
			t.Errorf("%s: %+v", kind, tr)
		}
	}
	if f := FilesFrom(Azure, map[string]string{"GITHUB_OUTPUT": "/x"}); f != (Files{}) {
		t.Errorf("a GitHub file outside GitHub: %+v", f)
	}
	if f := FilesFrom(GitHub, map[string]string{"GITHUB_OUTPUT": "/o", "GITHUB_STEP_SUMMARY": "/s"}); f != (Files{Output: "/o", Summary: "/s"}) {
		t.Errorf("github files: %+v", f)
	}
}

// TestHiddenAsUnicodeSays: Hidden answers every rune as its definition
// over the Unicode tables does, its ASCII shortcut included.
func TestHiddenAsUnicodeSays(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := r != '\u200c' && r != '\u200d' && r != '\u2060' && unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
		if got := Hidden(r); got != want {
			t.Fatalf("Hidden(%U) = %v, the tables say %v", r, got, want)
		}
	}
}
