package cli

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra/doc"
)

//go:generate go test -run ^TestCLIDocsAreCurrent$ -update .

var update = flag.Bool("update", false, "rewrite docs/cli from the commands")

// docsDir holds the command reference generated from the commands' help.
var docsDir = filepath.Join("..", "..", "docs", "cli")

// TestCLIDocsAreCurrent: docs/cli is the markdown cobra/doc writes from the
// commands, their flags and their help (help/*.txt), byte for byte; go
// generate ./internal/cli (or this test with -update) rewrites it.
func TestCLIDocsAreCurrent(t *testing.T) {
	t.Parallel()
	fresh := t.TempDir()
	if err := writeCLIDocs(fresh); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.RemoveAll(docsDir); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(docsDir, os.DirFS(fresh)); err != nil {
			t.Fatal(err)
		}
	}
	want, got := readDir(t, fresh), readDir(t, docsDir)
	if len(want) < 10 {
		t.Fatalf("only %d pages generated", len(want))
	}
	for name, text := range want {
		if got[name] != text {
			t.Errorf("docs/cli/%s is stale or missing: run go generate ./internal/cli", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("docs/cli/%s documents no command: run go generate ./internal/cli", name)
		}
	}
	if !strings.Contains(want["hotlane_check.md"], "--format") || !strings.Contains(want["hotlane.md"], "Exit codes") {
		t.Error("the generated pages lack the flags or the help")
	}
}

// writeCLIDocs writes a markdown page per command into dir.
func writeCLIDocs(dir string) error {
	root := (&App{}).newRoot()
	root.DisableAutoGenTag = true // no date: the pages change only with the commands
	root.InitDefaultVersionFlag()
	prepend := func(string) string {
		return "<!-- Generated from the commands by go generate ./internal/cli: edit internal/cli/help/*.txt or the settings' help instead. -->\n\n"
	}
	return doc.GenMarkdownTreeCustom(root, dir, prepend, func(name string) string { return name })
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(data)
	}
	return out
}
