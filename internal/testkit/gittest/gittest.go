// Package gittest owns the real git fixtures hotlane's tests run against:
// repositories in temp dirs made with the git binary, bare origins over
// file://, and a smart-HTTP server (git http-backend behind net/http/cgi on
// 127.0.0.1) that can demand a token. Nothing here is a mock.
package gittest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/record"
)

// T is the part of testing.TB the helpers need.
type T interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Env is the environment git runs with in tests: a fixed identity and
// clock, and no user or system configuration.
func Env() []string {
	return []string{
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_AUTHOR_NAME=Dana Developer", "GIT_AUTHOR_EMAIL=dana@example.com",
		"GIT_COMMITTER_NAME=Dana Developer", "GIT_COMMITTER_EMAIL=dana@example.com",
		"GIT_AUTHOR_DATE=2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE=2026-11-01T10:00:00Z",
		"GIT_TERMINAL_PROMPT=0",
	}
}

// Git runs git in dir and returns its trimmed standard output.
func Git(t T, dir string, args ...string) string {
	t.Helper()
	out, err := RunGit(dir, args...)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return out
}

// RunGit runs git in dir, returning its trimmed output or an error that
// holds its standard error.
func RunGit(dir string, args ...string) (string, error) {
	return runGit(dir, nil, args...)
}

func runGit(dir string, extraEnv []string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), Env()...), extraEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s (in %s): %w\n%s", strings.Join(args, " "), dir, err, stderr.String())
	}
	return strings.TrimSpace(stdout.String()), nil
}

// Origin is a bare repository and a clone of it with history on main.
type Origin struct {
	Bare  string // path of the bare repository
	URL   string // file:// URL of the bare repository
	Clone string // path of a clone whose origin is URL
}

// NewOrigin makes dir/origin.git with two commits on main, and a clone of
// it at dir/clone.
func NewOrigin(t T, dir string) Origin {
	t.Helper()
	o := Origin{Bare: filepath.Join(dir, "origin.git"), Clone: filepath.Join(dir, "clone")}
	o.URL = "file://" + filepath.ToSlash(o.Bare)
	Git(t, dir, "init", "-q", "--bare", "-b", "main", o.Bare)
	Git(t, dir, "clone", "-q", o.URL, o.Clone)
	Git(t, o.Clone, "checkout", "-q", "-b", "main")
	Commit(t, o.Clone, "README.md", "# shop\n", "docs: start the shop")
	Commit(t, o.Clone, "price.go", "package shop\n", "feat: prices")
	Git(t, o.Clone, "push", "-q", "origin", "main")
	return o
}

// Commit writes file in the clone at dir and commits it; it returns the sha.
func Commit(t T, dir, file, content, message string) string {
	t.Helper()
	path := filepath.Join(dir, file)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("%v", err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatalf("%v", err)
	}
	Git(t, dir, "add", "--", file)
	Git(t, dir, "commit", "-q", "-m", message)
	return Git(t, dir, "rev-parse", "HEAD")
}

// Refs lists the refs of the repository at dir as "sha type name" lines,
// sorted by name, with annotated tags peeled: a snapshot to compare.
func Refs(t T, dir string) string {
	t.Helper()
	return Git(t, dir, "for-each-ref", "--format=%(objectname) %(objecttype) %(*objectname) %(refname)", "--sort=refname")
}

// Release records build of env at the clone's HEAD as hotlane does (an
// annotated tag whose message is the release record, tag name
// prod-BUILD or ENV-BUILD) and pushes the tag; it returns the commit.
func Release(t T, clone, build, env string) string {
	t.Helper()
	head := Git(t, clone, "rev-parse", "HEAD")
	tag := env + "-" + build
	rec := record.Record{Build: build, Environment: env, Commit: head, Source: "main", Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	if env == "production" {
		tag, rec.Lane = "prod-"+build, "hotfix/"+build
	}
	Git(t, clone, "tag", "-a", tag, "-m", rec.Message(), head)
	Git(t, clone, "push", "-q", "origin", tag)
	return head
}

// ReleaseAt records build of env at the clone's HEAD as an earlier run of
// hotlane did at time at (its record's Hotlane-Time and its tagger time),
// from source, and pushes the tag and, for production, the lane
// hotfix/BUILD. With handMade, the record has no Hotlane-Time (made by
// hand): only the tagger time says when. It returns the commit.
func ReleaseAt(t T, clone, build, env, source string, at time.Time, handMade bool) string {
	t.Helper()
	head := Git(t, clone, "rev-parse", "HEAD")
	tag := env + "-" + build
	rec := record.Record{Build: build, Environment: env, Commit: head, Source: source, Time: at.UTC()}
	if handMade {
		rec.Time = time.Time{}
	}
	if env == "production" {
		tag, rec.Lane = "prod-"+build, "hotfix/"+build
	}
	if _, err := runGit(clone, []string{"GIT_COMMITTER_DATE=" + at.UTC().Format(time.RFC3339)}, "tag", "-a", tag, "-m", rec.Message(), head); err != nil {
		t.Fatalf("%v", err)
	}
	Git(t, clone, "push", "-q", "origin", tag)
	if rec.Lane != "" {
		Git(t, clone, "push", "-q", "origin", head+":refs/heads/"+rec.Lane)
	}
	return head
}
