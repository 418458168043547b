//go:build validators

package pipelinecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/gittest"
)

// gitlabPipeline includes the components as a project of gitlab.com would,
// at the pipeline's own commit, and hands the release's dotenv to a later
// job. gitlab-ci-local sets GITLAB_CI=false, so the pipeline says which CI
// it is; hotlane pushes to the "deploy" remote, since gitlab-ci-local reads
// the project's path from "origin".
const gitlabPipeline = `stages: [gate, deploy, release, hotfix-dev]
variables:
  HOTLANE_CI: gitlab
  HOTLANE_REMOTE: deploy
include:
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/check@$CI_COMMIT_SHA
    inputs:
      stage: gate
      install: false
  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/release@$CI_COMMIT_SHA
    inputs:
      stage: release
      install: false
deploy:
  stage: deploy
  script:
    - echo "deploying $CI_COMMIT_SHA"
hotfix-dev:
  stage: hotfix-dev
  needs: [hotlane-release]
  script:
    - test -n "$HOTLANE_OUT_LANE"
    - echo "hotfix-dev mirrors $HOTLANE_OUT_LANE, release $HOTLANE_OUT_RELEASE"
`

// TestGitLabComponentsRunUnderGitLabCILocal runs a pipeline that includes
// templates/check.yml and templates/release.yml as CI/CD components with
// gitlab-ci-local (shell executor, no Docker): the gate passes, the release
// tags the commit on a bare remote and creates its lane, and a later job
// reads HOTLANE_OUT_LANE from the dotenv report. Then a hotfix that main
// lacks makes the gate job fail.
func TestGitLabComponentsRunUnderGitLabCILocal(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("rsync"); err != nil {
		t.Fatalf("gitlab-ci-local needs rsync (.ci/run installs it): %v", err)
	}
	o := gittest.NewOrigin(t, t.TempDir())
	dir := o.Clone
	gittest.Git(t, dir, "remote", "rename", "origin", "deploy")
	gittest.Git(t, dir, "remote", "add", "origin", "https://gitlab.com/acme/shop.git")
	for _, name := range []string{"check.yml", "release.yml"} {
		data, err := os.ReadFile(filepath.Join(root(t), "templates", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "templates", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Commit(t, dir, ".gitlab-ci.yml", gitlabPipeline, "ci: hotlane's components")
	gittest.Git(t, dir, "push", "-q", "deploy", "main")

	out, err := gitlabCILocal(t, dir)
	if err != nil {
		t.Fatalf("the pipeline failed: %v\n%s", err, out)
	}
	for _, job := range []string{"hotlane-check", "hotlane-release", "hotfix-dev"} {
		if !regexp.MustCompile(`PASS\s+` + job).MatchString(out) {
			t.Errorf("job %s did not pass:\n%s", job, out)
		}
	}
	m := regexp.MustCompile(`hotfix-dev mirrors (hotfix/\d+), release (\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the later job did not read the dotenv outputs:\n%s", out)
	}
	lane, build := m[1], m[2]
	if got := gittest.Git(t, o.Bare, "rev-parse", "prod-"+build+"^{commit}"); got != gittest.Git(t, dir, "rev-parse", "HEAD") {
		t.Errorf("prod-%s is at %s", build, got)
	}

	// a hotfix on the lane that main lacks: the gate job fails
	gittest.Git(t, dir, "fetch", "-q", "deploy")
	gittest.Git(t, dir, "switch", "-q", "-c", lane, "deploy/"+lane)
	gittest.Commit(t, dir, "price.go", "package shop // fixed\n", "fix: round prices half-up")
	gittest.Git(t, dir, "push", "-q", "deploy", lane)
	gittest.Git(t, dir, "switch", "-q", "main")
	gittest.Commit(t, dir, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, dir, "push", "-q", "deploy", "main")
	out, err = gitlabCILocal(t, dir, "hotlane-check")
	if err == nil || !regexp.MustCompile(`FAIL\s+hotlane-check`).MatchString(out) || !strings.Contains(out, "fix: round prices half-up") {
		t.Errorf("the gate job passed with a hotfix missing from main: %v\n%s", err, out)
	}
}

// gitlabCILocal runs gitlab-ci-local in dir (all jobs, or the named ones)
// with the shell executor and hotlane on PATH.
func gitlabCILocal(t *testing.T, dir string, jobs ...string) (string, error) {
	t.Helper()
	bin := hotlaneBin(t)
	gcl := filepath.Join(nodeModules(t), "node_modules", "gitlab-ci-local", "dist", "index.js")
	cmd := exec.Command("node", append([]string{gcl, "--force-shell-executor", "--no-color"}, jobs...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), gittest.Env()...), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestGitLabComponentInstallsAVerifiedRelease: with install true the gate
// job downloads the release (here a release layout served over file://),
// checks it against checksums.txt and runs it; a tampered archive fails
// the job before anything runs.
func TestGitLabComponentInstallsAVerifiedRelease(t *testing.T) {
	t.Parallel()
	for _, tamper := range []bool{false, true} {
		srv := newReleaseServer(t, []release{{tag: "v9.9.9", tampered: tamper}}, nil)
		dir := t.TempDir()
		gittest.Git(t, dir, "init", "-q", "-b", "main")
		gittest.Git(t, dir, "remote", "add", "origin", "https://gitlab.com/acme/shop.git")
		data, err := os.ReadFile(filepath.Join(root(t), "templates", "check.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "templates", "check.yml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		pipeline := "variables:\n  HOTLANE_DOWNLOAD_BASE: " + srv.Base() + "\n  HOTLANE_INSTALL_ALLOW_HTTP: '1'\ninclude:\n" +
			"  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/check@$CI_COMMIT_SHA\n    inputs:\n      version: v9.9.9\n"
		gittest.Commit(t, dir, ".gitlab-ci.yml", pipeline, "ci: the gate component")
		cmd := exec.Command("node", filepath.Join(nodeModules(t), "node_modules", "gitlab-ci-local", "dist", "index.js"), "--force-shell-executor", "--no-color")
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), gittest.Env()...), "HOME="+t.TempDir()) // no hotlane on PATH: the job installs it
		out, err := cmd.CombinedOutput()
		ran := strings.Contains(string(out), "> hotlane v9.9.9")
		switch {
		case !tamper && (err != nil || !ran):
			t.Errorf("the verified release was not installed and run: %v\n%s", err, out)
		case tamper && (err == nil || ran):
			t.Errorf("a tampered release ran: %v\n%s", err, out)
		}
	}
}
