package ci

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hotlane/hotlane/internal/testkit/citest"
)

// FuzzNeutralize: no text can leave a line break, an escape, or a CI
// command in what Neutralize returns.
func FuzzNeutralize(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralize(s)
		if strings.ContainsAny(got, "\r\n\x1b\u2028\u2029\u0085") {
			t.Fatalf("Neutralize(%q) = %q keeps a line break or escape", s, got)
		}
		if isGitHubCommand(got) || strings.Contains(got, "##vso[") || strings.Contains(got, "##[") {
			t.Fatalf("Neutralize(%q) = %q can issue a CI command", s, got)
		}
		if hasHidden(got) || hasHidden(NeutralizeLine(s)) {
			t.Fatalf("Neutralize(%q) = %q keeps a bidi control or another invisible character", s, got)
		}
		if NeutralizeLine(got) != got {
			t.Fatalf("the guard changes neutralised text: %q becomes %q", got, NeutralizeLine(got))
		}
	})
}

// FuzzCommandWriters: whatever untrusted text an annotation, group or
// build tag carries, every platform writes only the commands it meant to.
func FuzzCommandWriters(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range Kinds {
			var log bytes.Buffer
			p := New(kind, Files{}, &log, &log)
			end := p.Group(s)
			p.Annotate(Error, s)
			p.Annotate(Warning, s)
			p.TagBuild(s)
			end()
			sc := bufio.NewScanner(&log)
			sc.Buffer(make([]byte, 0, 1<<20), 1<<22)
			for sc.Scan() {
				checkOwnCommand(t, kind, sc.Text())
			}
		}
	})
}

// FuzzAzureOutput: a value set as an Azure output variable stays on one
// line and reads back exactly.
func FuzzAzureOutput(f *testing.F) {
	f.Add("prod-43")
	f.Add("a;b]c%AZP25\r\n##vso[x]")
	f.Fuzz(func(t *testing.T, value string) {
		var log bytes.Buffer
		if err := New(Azure, Files{}, &log, &log).SetOutput("tag", value); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSuffix(log.String(), "\n")
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("value %q spans lines", value)
		}
		cmd, err := citest.ParseAzureCommand(line)
		if err != nil || cmd.Message != value || cmd.Properties["variable"] != "tag" {
			t.Fatalf("value %q read back as %+v (%v)", value, cmd, err)
		}
	})
}

// FuzzGitHubOutput: a value is either refused or read back exactly, and
// never adds an output of its own.
func FuzzGitHubOutput(f *testing.F) {
	f.Add("prod-43")
	f.Add("x\n" + githubDelimiter + "\nother=1")
	f.Fuzz(func(t *testing.T, value string) {
		file := filepath.Join(t.TempDir(), "out")
		if err := New(GitHub, Files{Output: file}, &bytes.Buffer{}, &bytes.Buffer{}).SetOutput("tag", value); err != nil {
			return
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := citest.ParseGitHubFile(string(data))
		if err != nil || len(got) != 1 || got["tag"] != strings.ReplaceAll(value, "\r\n", "\n") && got["tag"] != value {
			t.Fatalf("value %q read back as %q (%v)", value, got, err)
		}
	})
}

// FuzzDotenvAndProperties: rendering never panics; a dotenv file has one
// line per output; properties escape every line break.
func FuzzDotenvAndProperties(f *testing.F) {
	f.Add("hotfix/43", " a=b: c #!\\")
	f.Fuzz(func(t *testing.T, a, b string) {
		outputs := []Output{{"lane", a}, {"tag", b}}
		if text, err := RenderEnvFile(FormatDotenv, outputs); err == nil && strings.Count(text, "\n") != 2 {
			t.Fatalf("dotenv of %q %q has %d lines", a, b, strings.Count(text, "\n"))
		}
		text, err := RenderEnvFile(FormatProperties, outputs)
		if err != nil || strings.Count(text, "\n") != 2 || !utf8.ValidString(text) {
			t.Fatalf("properties of %q %q: %q (%v)", a, b, text, err)
		}
	})
}

// FuzzContextFrom: any CI environment is read without a panic.
func FuzzContextFrom(f *testing.F) {
	f.Add("refs/heads/main", "https://dev.azure.com/o/", "My Project", "12")
	f.Fuzz(func(t *testing.T, ref, collection, project, id string) {
		env := map[string]string{"GITHUB_REF": ref, "BUILD_SOURCEBRANCH": ref, "GIT_BRANCH": ref, "SYSTEM_COLLECTIONURI": collection,
			"SYSTEM_TEAMPROJECT": project, "BUILD_BUILDID": id, "GITHUB_SERVER_URL": collection, "GITHUB_REPOSITORY": project, "GITHUB_RUN_ID": id}
		for _, k := range Kinds {
			_ = ContextFrom(k, env)
		}
		_ = Detect(env)
	})
}
