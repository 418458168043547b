//go:build validators

package pipelinecheck

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// userWorkflow is a user's deploy workflow: it uses the action as users
// write it (hotlane/hotlane@v1.2, which act maps to this checkout), the
// release it installs comes from a local release server, and it runs the
// gate for production, the release, a later step reading the outputs, and
// mark-bad; a last step uses the action at a branch (@main), which builds
// hotlane from the action's source.
const userWorkflow = `name: deploy
on: push
permissions:
  contents: write
jobs:
  production:
    runs-on: ubuntu-latest
    env:
      HOTLANE_DOWNLOAD_BASE: @BASE@
      HOTLANE_RELEASES_API: @API@
      HOTLANE_INSTALL_ALLOW_HTTP: '1'
    steps:
      - name: Gate
        id: gate
        uses: hotlane/hotlane@v1.2
        with:
          command: check
          environment: production
          repo: @CLONE@
          commit: HEAD
          token: ''
      - name: Deploy
        run: echo "deploying $(git -C @CLONE@ rev-parse HEAD)"
      - name: Release
        id: release
        uses: hotlane/hotlane@v1.2
        with:
          repo: @CLONE@
          build: '7'
          commit: HEAD
          mode: git
          token: ''
      - name: The outputs reach later steps
        env:
          TAG: ${{ steps.release.outputs.tag }}
          LANE: ${{ steps.release.outputs.lane }}
          MISSING: ${{ steps.gate.outputs.missing }}
        run: |
          test "$TAG" = prod-7
          test "$LANE" = hotfix/7
          test "$MISSING" = 0
          git -C @CLONE@ ls-remote origin refs/tags/prod-7 refs/heads/hotfix/7 | grep -c . | grep -qx 2
      - name: Mark it bad
        uses: hotlane/hotlane@v1.2
        with:
          command: mark-bad
          build: '7'
          reason: checkout returns 500
          repo: @CLONE@
          token: ''
      - name: The mark is pushed
        run: git -C @CLONE@ ls-remote origin refs/tags/hotlane-bad/prod-7 | grep -q .
      - name: Status from a branch of the action
        uses: hotlane/hotlane@main
        with:
          command: status
          repo: @CLONE@
          token: ''
`

// TestActionFromAUserWorkflowUnderAct runs a user's workflow with nektos/act
// in host mode: the action, referenced as hotlane/hotlane@v1.2, resolves
// 1.2 to v1.2.3 against the release list, installs that release (the real
// hotlane, packaged as goreleaser does) checksum-verified, and runs check,
// release and mark-bad against a local bare remote; @main builds from
// source and says so. Every other release on the server is a stub that
// fails, so a wrong resolution fails the job.
func TestActionFromAUserWorkflowUnderAct(t *testing.T) {
	t.Parallel()
	bin, err := os.ReadFile(filepath.Join(hotlaneBin(t), "hotlane"))
	if err != nil {
		t.Fatal(err)
	}
	stub := []byte("#!/bin/sh\necho 'the wrong release was installed' >&2\nexit 97\n")
	var rs []release
	for _, tag := range []string{"v2.0.0", "v1.3.0-rc.1", "v1.2.3", "v1.2.1", "v1.1.0"} {
		r := release{tag: tag, commit: fakeCommit(tag), binary: stub, prerelease: strings.Contains(tag, "-")}
		if tag == "v1.2.3" {
			r.binary = bin
		}
		rs = append(rs, r)
	}
	srv := newReleaseServer(t, rs, nil)

	o := gittest.NewOrigin(t, t.TempDir())
	user := t.TempDir()
	gittest.Git(t, user, "init", "-q", "-b", "main")
	workflow := strings.NewReplacer("@BASE@", srv.Base(), "@API@", srv.API(), "@CLONE@", o.Clone).Replace(userWorkflow)
	gittest.Commit(t, user, ".github/workflows/deploy.yml", workflow, "ci: deploy with hotlane")

	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool(t, "act"), "push",
		"-W", ".github/workflows/deploy.yml", "-P", "ubuntu-latest=-self-hosted", "--no-cache-server", "--action-offline-mode",
		"--local-repository", "hotlane/hotlane@v1.2="+root(t), "--local-repository", "hotlane/hotlane@main="+root(t))
	cmd.Dir = user
	// the user's Go caches: the source build at @main must not start from empty ones
	cmd.Env = append(append(append(os.Environ(), gittest.Env()...), goCaches(t)...), "HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if log := os.Getenv("HOTLANE_TEST_ACT_LOG"); log != "" { // follow a slow run: tail -f
		f, err := os.Create(log)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdout = io.MultiWriter(&buf, f)
		cmd.Stderr = cmd.Stdout
	}
	err = cmd.Run()
	out := buf.String()
	if err != nil || !strings.Contains(out, "Job succeeded") {
		t.Fatalf("act: %v\n%s", err, out)
	}
	for _, want := range []string{
		"hotlane v1.2 is v1.2.3", "installed hotlane v1.2.3",
		"Success - Main The outputs reach later steps", "Success - Main The mark is pushed",
		"the action's ref 'main' is no release: building hotlane from the action's source",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("act output lacks %q", want)
		}
	}
	if strings.Contains(out, "wrong release") {
		t.Error("a release other than v1.2.3 ran")
	}
}
