//go:build validators

package pipelinecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestGoreleaserBuildsWhatTheInstallerReads: goreleaser checks
// .goreleaser.yaml, then builds a snapshot release from it (for this
// machine's platform alone, to stay quick): the archive, the .deb, .rpm
// and .apk packages and checksums.txt carry the names the installer and
// the docs use, and install.sh installs that very archive, verified
// against goreleaser's checksums.txt, as a working hotlane.
func TestGoreleaserBuildsWhatTheInstallerReads(t *testing.T) {
	t.Parallel()
	bin := goTool(t, "goreleaser") // pinned in testdata/tools.txt
	data, err := os.ReadFile(filepath.Join(root(t), ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	// this platform alone, and no cask (it needs the darwin archives)
	build := cfg["builds"].([]any)[0].(map[string]any)
	build["goos"], build["goarch"] = []string{runtime.GOOS}, []string{runtime.GOARCH}
	delete(cfg, "homebrew_casks")
	quick, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}

	// a clone of this checkout's tree: goreleaser reads git
	src := t.TempDir()
	cmd := exec.Command("git", "archive", "--format=tar", "HEAD")
	cmd.Dir = root(t)
	tarball, err := cmd.Output()
	if err != nil {
		t.Fatalf("git archive: %v", err)
	}
	untar := exec.Command("tar", "-x", "-C", src)
	untar.Stdin = strings.NewReader(string(tarball))
	if out, err := untar.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(src, ".goreleaser.quick.yaml"), quick, 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, src, "init", "-q", "-b", "main")
	gittest.Git(t, src, "add", "-A")
	gittest.Git(t, src, "commit", "-q", "-m", "release")

	env := append(append(os.Environ(), gittest.Env()...), goCaches(t)...)
	if out, err := run(t, root(t), env, bin, "check", "--config", ".goreleaser.yaml"); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}
	if out, err := run(t, src, env, bin, "release", "--snapshot", "--clean", "--skip=publish,announce,sign",
		"--config", ".goreleaser.quick.yaml"); err != nil {
		t.Fatalf("goreleaser release --snapshot: %v\n%s", err, out)
	}
	dist := filepath.Join(src, "dist")
	sums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{archiveName(), ".deb", ".rpm", ".apk"} {
		if runtime.GOOS != "linux" && want != archiveName() {
			continue
		}
		if !strings.Contains(string(sums), want) {
			t.Errorf("checksums.txt lists no %s:\n%s", want, sums)
		}
	}

	// the installer reads the release as goreleaser laid it out
	rel := filepath.Join(t.TempDir(), "v9.9.9")
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"checksums.txt", archiveName()} {
		if err := os.Rename(filepath.Join(dist, f), filepath.Join(rel, f)); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "bin")
	out, err := runInstaller(t, []string{"HOTLANE_DOWNLOAD_BASE=file://" + filepath.Dir(rel)}, "v9.9.9", dest)
	if err != nil {
		t.Fatalf("install.sh: %v\n%s", err, out)
	}
	if got, err := run(t, dest, nil, filepath.Join(dest, "hotlane"), "version"); err != nil || !strings.Contains(got, "hotlane") {
		t.Errorf("the installed binary does not run: %v\n%s", err, got)
	}
}
