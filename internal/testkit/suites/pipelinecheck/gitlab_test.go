//go:build validators

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

// catalogPipeline includes the components in their catalog layout
// (templates/<name>.yml) as `include: component:`, from a copy of the
// templates at the pipeline's own commit, and hands the release's dotenv
// to a later job. gitlab-ci-local sets GITLAB_CI=false, so the pipeline
// says which CI it is; hotlane pushes to the "deploy" remote, since
// gitlab-ci-local reads the project's path from "origin".
const catalogPipeline = `stages: [gate, deploy, release, hotfix-dev]
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

// remotePipeline is a user's pipeline on a self-managed GitLab: it
// includes the components with `include: remote:` from hotlane's
// repository at a release (served here over local http), and each job
// installs the hotlane release version 1.2 names from a local release
// server: nothing of hotlane is on the runner.
const remotePipeline = `stages: [gate, deploy, release, hotfix-dev]
variables:
  HOTLANE_CI: gitlab
  HOTLANE_REMOTE: deploy
  HOTLANE_DOWNLOAD_BASE: @BASE@
  HOTLANE_RELEASES_API: @API@
  HOTLANE_INSTALL_ALLOW_HTTP: "1"
include:
  - remote: @RAW@/templates/check.yml
    inputs:
      stage: gate
      version: "1.2"
  - remote: @RAW@/templates/release.yml
    inputs:
      stage: release
      version: "1.2"
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

// gitlabUser makes a user's project: a clone whose "deploy" remote is a
// local bare repository, with origin pointing at gitlab.com (where
// gitlab-ci-local reads the project path from), and the pipeline
// committed.
func gitlabUser(t *testing.T, pipeline string, files map[string]string) (gittest.Origin, string) {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	dir := o.Clone
	gittest.Git(t, dir, "remote", "rename", "origin", "deploy")
	gittest.Git(t, dir, "remote", "add", "origin", "https://gitlab.com/acme/shop.git")
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Commit(t, dir, ".gitlab-ci.yml", pipeline, "ci: hotlane's components")
	gittest.Git(t, dir, "push", "-q", "deploy", "main")
	return o, dir
}

func readTemplate(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "templates", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// servedRelease serves hotlane's templates as a GitLab or GitHub "raw" URL
// of release v1.2.3, and a release history in which 1.2 resolves to v1.2.3,
// the real hotlane (tampered: with a checksum that does not match); every
// other release is a stub that fails.
func servedRelease(t *testing.T, tampered bool) (*releaseServer, string) {
	t.Helper()
	bin, err := os.ReadFile(filepath.Join(hotlaneBin(t), "hotlane"))
	if err != nil {
		t.Fatal(err)
	}
	stub := []byte("#!/bin/sh\necho 'the wrong release was installed' >&2\nexit 97\n")
	var rs []release
	for _, tag := range []string{"v2.0.0", "v1.2.3", "v1.2.1", "v1.1.0"} {
		r := release{tag: tag, commit: fakeCommit(tag), binary: stub}
		if tag == "v1.2.3" {
			r.binary, r.tampered = bin, tampered
		}
		rs = append(rs, r)
	}
	srv := newReleaseServer(t, rs, nil)
	for _, name := range []string{"check.yml", "release.yml"} {
		srv.AddFile("/hotlane/hotlane/-/raw/v1.2.3/templates/"+name, []byte(readTemplate(t, name)))
	}
	return srv, srv.URL + "/hotlane/hotlane/-/raw/v1.2.3"
}

// TestGitLabComponentsFromTheCatalogLayout runs a pipeline that includes
// templates/check.yml and templates/release.yml as CI/CD components with
// gitlab-ci-local (shell executor, no Docker), hotlane on the runner
// (install: false): the gate passes, the release tags the commit on a bare
// remote and creates its lane, and a later job reads HOTLANE_OUT_LANE from
// the dotenv report.
func TestGitLabComponentsFromTheCatalogLayout(t *testing.T) {
	t.Parallel()
	o, dir := gitlabUser(t, catalogPipeline, map[string]string{
		"templates/check.yml": readTemplate(t, "check.yml"), "templates/release.yml": readTemplate(t, "release.yml")})
	out, err := gitlabCILocal(t, dir, true)
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
	if got := gittest.Git(t, o.Bare, "rev-parse", "prod-"+m[2]+"^{commit}"); got != gittest.Git(t, dir, "rev-parse", "HEAD") {
		t.Errorf("prod-%s is at %s", m[2], got)
	}
}

// TestGitLabComponentsFromAUserRepository: a user's pipeline includes the
// components from hotlane's repository with include: remote (a
// self-managed GitLab), and each job installs the release "1.2" names,
// checksum-verified, with nothing of hotlane on the runner: the whole flow
// passes. Then a hotfix on the lane that main lacks makes the gate job
// fail, naming the commit.
func TestGitLabComponentsFromAUserRepository(t *testing.T) {
	t.Parallel()
	srv, raw := servedRelease(t, false)
	pipeline := strings.NewReplacer("@BASE@", srv.Base(), "@API@", srv.API(), "@RAW@", raw).Replace(remotePipeline)
	_, dir := gitlabUser(t, pipeline, nil)
	out, err := gitlabCILocal(t, dir, false)
	if err != nil {
		t.Fatalf("the pipeline failed: %v\n%s", err, out)
	}
	for _, want := range []string{"hotlane 1.2 is v1.2.3", "installed hotlane v1.2.3"} {
		if !strings.Contains(out, want) {
			t.Errorf("the jobs' log lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile(`hotfix-dev mirrors (hotfix/\d+), release (\d+)`).FindStringSubmatch(out)
	if m == nil || strings.Contains(out, "wrong release") {
		t.Fatalf("the flow did not run with the installed release:\n%s", out)
	}
	lane := m[1]

	// a hotfix on the lane that main lacks: the gate job fails
	gittest.Git(t, dir, "fetch", "-q", "deploy")
	gittest.Git(t, dir, "switch", "-q", "-c", lane, "deploy/"+lane)
	gittest.Commit(t, dir, "price.go", "package shop // fixed\n", "fix: round prices half-up")
	gittest.Git(t, dir, "push", "-q", "deploy", lane)
	gittest.Git(t, dir, "switch", "-q", "main")
	gittest.Commit(t, dir, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, dir, "push", "-q", "deploy", "main")
	out, err = gitlabCILocal(t, dir, false, "hotlane-check")
	if err == nil || !regexp.MustCompile(`FAIL\s+hotlane-check`).MatchString(out) || !strings.Contains(out, "fix: round prices half-up") {
		t.Errorf("the gate job passed with a hotfix missing from main: %v\n%s", err, out)
	}
}

// TestGitLabComponentRefusesATamperedRelease: when the archive does not
// match checksums.txt, the job fails before hotlane runs.
func TestGitLabComponentRefusesATamperedRelease(t *testing.T) {
	t.Parallel()
	srv, raw := servedRelease(t, true)
	pipeline := strings.NewReplacer("@BASE@", srv.Base(), "@API@", srv.API(), "@RAW@", raw).Replace(remotePipeline)
	_, dir := gitlabUser(t, pipeline, nil)
	out, err := gitlabCILocal(t, dir, false, "hotlane-check")
	if err == nil || !regexp.MustCompile(`FAIL\s+hotlane-check`).MatchString(out) || !strings.Contains(out, "checksum mismatch") {
		t.Errorf("the job did not fail on the tampered archive: %v\n%s", err, out)
	}
	if strings.Contains(out, "$ hotlane check") {
		t.Errorf("hotlane ran from a tampered archive:\n%s", out)
	}
}

// gitlabCILocal runs gitlab-ci-local in dir (all jobs, or the named ones)
// with the shell executor; onPath puts the hotlane built from this
// checkout on PATH, else the jobs must install it.
func gitlabCILocal(t *testing.T, dir string, onPath bool, jobs ...string) (string, error) {
	t.Helper()
	gcl := filepath.Join(nodeModules(t), "node_modules", "gitlab-ci-local", "dist", "index.js")
	cmd := exec.Command("node", append([]string{gcl, "--force-shell-executor", "--no-color"}, jobs...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), gittest.Env()...), "HOME="+t.TempDir())
	if onPath {
		cmd.Env = append(cmd.Env, "PATH="+hotlaneBin(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	if _, err := exec.LookPath("rsync"); err != nil {
		t.Fatalf("gitlab-ci-local needs rsync (.ci/run installs it): %v", err)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestGitLabCatalogPublishing: the pipeline a GitLab mirror of this
// repository runs on a release tag validates against GitLab's schema (as
// gitlab-ci-local checks it), and turns the tag v1.2.3 into the catalog's
// version 1.2.3, which the release job publishes.
func TestGitLabCatalogPublishing(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(root(t), ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	o := gittest.NewOrigin(t, t.TempDir())
	dir := o.Clone
	gittest.Git(t, dir, "remote", "set-url", "origin", "https://gitlab.com/hotlane/hotlane.git")
	files := map[string]string{"templates/check.yml": readTemplate(t, "check.yml"), "templates/release.yml": readTemplate(t, "release.yml")}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Commit(t, dir, ".gitlab-ci.yml", string(data), "ci: publish the components")
	out, err := gitlabCILocal(t, dir, false, "--list")
	if err != nil || !strings.Contains(out, "json schema validated") || !regexp.MustCompile(`(?m)^catalog-release\s`).MatchString(out) {
		t.Fatalf("gitlab-ci-local --list: %v\n%s", err, out)
	}
	out, err = gitlabCILocal(t, dir, false, "--variable", "CI_COMMIT_TAG=v1.2.3", "catalog-version")
	if err != nil {
		t.Fatalf("catalog-version: %v\n%s", err, out)
	}
	env, err := os.ReadFile(filepath.Join(dir, ".gitlab-ci-local", "artifacts", "catalog-version", ".gitlab-ci-reports", "dotenv", "catalog.env"))
	if err != nil || strings.TrimSpace(string(env)) != "CATALOG_VERSION=1.2.3" {
		t.Errorf("the catalog version of v1.2.3 is %q (%v), want 1.2.3\n%s", env, err, out)
	}
}
