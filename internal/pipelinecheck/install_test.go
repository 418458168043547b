//go:build validators

package pipelinecheck

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeRelease lays out a release as goreleaser publishes it, with a
// "binary" that prints its version, and returns its download base.
func fakeRelease(t *testing.T, tamper bool) string {
	t.Helper()
	base := t.TempDir()
	rel := filepath.Join(base, "v9.9.9")
	stage := t.TempDir()
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stage, "hotlane"), []byte("#!/bin/sh\necho hotlane v9.9.9\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	archive := fmt.Sprintf("hotlane_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
	if out, err := exec.Command("tar", "-czf", filepath.Join(rel, archive), "-C", stage, "hotlane").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(rel, archive))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if tamper {
		sum[0] ^= 0xff
	}
	checksums := fmt.Sprintf("%s  %s\n%s  hotlane_other_arch.tar.gz\n", hex.EncodeToString(sum[:]), archive, strings.Repeat("0", 64))
	if err := os.WriteFile(filepath.Join(rel, "checksums.txt"), []byte(checksums), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + base
}

func TestInstallScriptVerifiesTheChecksum(t *testing.T) {
	t.Parallel()
	script := filepath.Join(root(t), "pipelines", "install.sh")
	dest := filepath.Join(t.TempDir(), "bin")
	out, err := run(t, t.TempDir(), []string{"HOTLANE_DOWNLOAD_BASE=" + fakeRelease(t, false)}, "bash", script, "v9.9.9", dest)
	if err != nil {
		t.Fatalf("install.sh: %v\n%s", err, out)
	}
	got, err := exec.Command(filepath.Join(dest, "hotlane")).Output()
	if err != nil || strings.TrimSpace(string(got)) != "hotlane v9.9.9" {
		t.Errorf("installed binary says %q (%v)", got, err)
	}

	dest2 := filepath.Join(t.TempDir(), "bin")
	out, err = run(t, t.TempDir(), []string{"HOTLANE_DOWNLOAD_BASE=" + fakeRelease(t, true)}, "bash", script, "v9.9.9", dest2)
	if err == nil || !strings.Contains(out, "checksum mismatch") {
		t.Errorf("a tampered archive was accepted: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dest2, "hotlane")); err == nil {
		t.Error("a binary was installed despite the checksum mismatch")
	}
}
