package pipelinecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestReleaseMovesMajorAndMinorTags runs the release workflow's tag mover
// against a real bare remote through a history of releases: v1 and v1.2
// follow the newest release of their line, a patch of an older line moves
// its minor tag alone, a prerelease moves nothing, a new major starts its
// own tags, and no full version tag ever moves.
func TestReleaseMovesMajorAndMinorTags(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatalf("the release workflow's script needs bash: %v", err)
	}
	script := filepath.Join(repoRoot(t), ".github", "scripts", "move-version-tags.sh")
	o := gittest.NewOrigin(t, t.TempDir())
	at := map[string]string{} // tag → the commit it must point at
	release := func(tag, from string) {
		t.Helper()
		gittest.Git(t, o.Clone, "switch", "-q", "--detach", from)
		at[tag] = gittest.Commit(t, o.Clone, "version.txt", tag+"\n", "release "+tag)
		gittest.Git(t, o.Clone, "tag", "-a", "-m", tag, tag)
		gittest.Git(t, o.Clone, "push", "-q", "origin", tag)
		cmd := exec.Command("bash", script, tag)
		cmd.Dir = o.Clone
		cmd.Env = append(os.Environ(), gittest.Env()...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("move-version-tags.sh %s: %v\n%s", tag, err, out)
		}
		gittest.Git(t, o.Clone, "fetch", "-q", "--force", "--tags", "origin")
	}
	check := func(step string, want map[string]string) {
		t.Helper()
		for tag, commit := range want {
			if got := gittest.Git(t, o.Bare, "rev-parse", "refs/tags/"+tag+"^{commit}"); got != commit {
				t.Errorf("after %s: %s is at %.7s, want %.7s", step, tag, got, commit)
			}
		}
		for _, line := range strings.Split(gittest.Git(t, o.Bare, "tag", "--list"), "\n") {
			if regexp.MustCompile(`^v\d+\.\d+\.\d+(-.*)?$`).MatchString(line) {
				if got := gittest.Git(t, o.Bare, "rev-parse", "refs/tags/"+line+"^{commit}"); got != at[line] {
					t.Errorf("after %s: the full version %s moved to %.7s", step, line, got)
				}
			}
		}
	}
	main := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	release("v1.1.0", main)
	release("v1.2.0", at["v1.1.0"])
	check("v1.2.0", map[string]string{"v1": at["v1.2.0"], "v1.1": at["v1.1.0"], "v1.2": at["v1.2.0"]})
	release("v1.10.0", at["v1.2.0"]) // 10 > 2, as numbers
	release("v1.2.1", at["v1.2.0"])  // a patch of an older line
	check("v1.2.1", map[string]string{"v1": at["v1.10.0"], "v1.2": at["v1.2.1"], "v1.10": at["v1.10.0"]})
	release("v1.11.0-rc.1", at["v1.10.0"]) // a prerelease
	release("v2.0.0", at["v1.10.0"])
	check("v2.0.0", map[string]string{"v1": at["v1.10.0"], "v1.10": at["v1.10.0"], "v2": at["v2.0.0"], "v2.0": at["v2.0.0"]})
	if out := gittest.Git(t, o.Bare, "tag", "--list", "v1.11*"); out != "v1.11.0-rc.1" {
		t.Errorf("a prerelease made tags %q", out)
	}
}
