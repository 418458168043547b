//go:build validators

package ci

import (
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// This file needs java (Jenkins' readProperties reader): it runs with the
// validators build tag, as scripts/test does.

func TestPropertiesReadBackByJava(t *testing.T) {
	t.Parallel()
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is needed: it is the reader Jenkins' readProperties uses (.ci/run installs it)")
	}
	outputs := []Output{{"tag", "prod-43"}, {"lane", "hotfix/43"}, {"commit", "0123abc"},
		{"odd", ` leading space, a=b: c #!\ back` + "\nline\ttab ü 日本 😀"}, {"previous-release", ""}}
	file := filepath.Join(t.TempDir(), "hotlane.properties")
	if err := WriteEnvFile(file, FormatProperties, outputs); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(java, "testdata/LoadProperties.java", file).CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(line, " ")
		got[unhex(t, k)] = unhex(t, v)
	}
	if len(got) != len(outputs) {
		t.Errorf("java read %d entries, want %d: %q", len(got), len(outputs), got)
	}
	for _, o := range outputs {
		if v := got[EnvFileKey(o.Name)]; v != o.Value {
			t.Errorf("%s: java read %q, want %q", EnvFileKey(o.Name), v, o.Value)
		}
	}
}

func unhex(t *testing.T, s string) string {
	if s == "-" {
		return ""
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
