//go:build validators

package pipelinecheck

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/cli"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// mermaidBlocks returns the ```mermaid blocks of markdown.
func mermaidBlocks(markdown string) []string {
	var out []string
	for _, part := range strings.Split(markdown, "```mermaid\n")[1:] {
		if block, _, ok := strings.Cut(part, "```"); ok {
			out = append(out, block)
		}
	}
	return out
}

// parseMermaid parses each diagram with the mermaid package and returns
// its verdicts ("ok timeline" or "error ...").
func parseMermaid(t *testing.T, diagrams []string) []string {
	t.Helper()
	dir := nodeModules(t)
	script, err := os.ReadFile("testdata/parse-mermaid.mjs")
	if err != nil {
		t.Fatal(err)
	}
	// an ES module resolves its imports from where it lies: beside node_modules
	path := filepath.Join(dir, "parse-mermaid.mjs")
	if err := os.WriteFile(path, script, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(diagrams)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", path)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node parse-mermaid.mjs: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestStatusTimelineParsesAsMermaid: the Mermaid timeline of status
// --format markdown, from a real ledger of two environments with a bad
// release whose reason tries Mermaid syntax, and the golden file's, are
// read by the mermaid package as timelines; a broken block is refused (the
// parser can fail).
func TestStatusTimelineParsesAsMermaid(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	run := func(args ...string) string {
		var stdout, stderr strings.Builder
		env := map[string]string{"HOTLANE_REPO": o.Clone, "HOTLANE_CI": "none"}
		if code := cli.Main(context.Background(), cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, args, env); code != 0 {
			t.Fatalf("hotlane %v exited %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	run("release", "--build", "46", "--environment", "staging")
	run("release", "--build", "47", "--require-released-in", "staging")
	run("mark-bad", "47", "--reason", `checkout: 500 | %% #35; "x" [y] end`)
	live := mermaidBlocks(run("status", "--format", "markdown"))
	golden, err := os.ReadFile("../../../status/testdata/status.markdown.golden")
	if err != nil {
		t.Fatal(err)
	}
	diagrams := append(live, mermaidBlocks(string(golden))...)
	if len(diagrams) != 2 {
		t.Fatalf("%d Mermaid blocks, want one in the live status and one in the golden file", len(diagrams))
	}
	broken := "timeline\n    section a\n        41 : x : : \n badline"
	verdicts := parseMermaid(t, append(diagrams, broken))
	for i, v := range verdicts[:2] {
		if v != "ok timeline" {
			t.Errorf("diagram %d: %s\n%s", i, v, diagrams[i])
		}
	}
	if len(verdicts) != 3 || !strings.HasPrefix(verdicts[2], "error ") {
		t.Errorf("a broken timeline was not refused: %v", verdicts)
	}
	if !strings.Contains(diagrams[0], "section staging") || !strings.Contains(diagrams[0], "bad, checkout 500") {
		t.Errorf("the live timeline lacks the staging section or the bad mark:\n%s", diagrams[0])
	}
}
