package policyio

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

const rule = "promotion:\n  production: [staging]\n"

// origin is a remote whose main line has the promotion rule, and a clone
// checked out on a feature branch that deletes it.
func origin(t *testing.T) gittest.Origin {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Commit(t, o.Clone, policy.Name, rule, "ci: the rule")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	gittest.Git(t, o.Clone, "checkout", "-q", "-b", "feature")
	gittest.Git(t, o.Clone, "rm", "-q", policy.Name)
	gittest.Git(t, o.Clone, "commit", "-q", "-m", "no rules")
	return o
}

// TestReadsTheMainLine: the file in force is the remote's main line's,
// whatever the clone has checked out, fetched when the clone's copy is
// stale; offline, the clone's copy, said in a note.
func TestReadsTheMainLine(t *testing.T) {
	t.Parallel()
	o := origin(t)
	ctx := context.Background()
	p, err := Read(ctx, Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	if err != nil {
		t.Fatal(err)
	}
	mainSHA := gittest.Git(t, o.Clone, "rev-parse", "origin/main")
	if !p.Found || p.Commit != mainSHA || p.Source != "origin/main" || p.Branch != "main" || strings.Join(p.File.PromotionFor("production"), ",") != "staging" {
		t.Fatalf("policy in force %+v, want the rule at origin/main %s", p, mainSHA)
	}

	// the remote's main line moves on (another clone pushes a looser rule):
	// fetched, and the new file is in force
	other := filepath.Join(t.TempDir(), "other")
	gittest.Git(t, filepath.Dir(other), "clone", "-q", o.Bare, other)
	moved := gittest.Commit(t, other, policy.Name, "promotion: {}\n", "ci: no promotion")
	gittest.Git(t, other, "push", "-q", "origin", "main")
	p, err = Read(ctx, Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	if err != nil || p.Commit != moved || len(p.File.PromotionFor("production")) != 0 {
		t.Fatalf("after the remote moved: %+v, %v; want %s", p, err, moved)
	}
	if got := gittest.Git(t, o.Clone, "rev-parse", "origin/main"); got != moved {
		t.Errorf("the clone's origin/main is %s, want it fetched to %s", got, moved)
	}

	// offline: the clone's origin/main, said so
	gittest.Git(t, o.Clone, "update-ref", "refs/remotes/origin/main", mainSHA)
	p, err = Read(ctx, Options{Repo: o.Clone, Remote: "origin", Offline: true, Fallback: "main"})
	if err != nil || p.Commit != mainSHA || p.Source != "origin/main" || !strings.Contains(strings.Join(p.Notes, "\n"), "--offline: not refreshed") {
		t.Fatalf("offline: %+v, %v", p, err)
	}
	// offline without a remote-tracking main line: the clone's own branch
	gittest.Git(t, o.Clone, "update-ref", "-d", "refs/remotes/origin/main")
	p, err = Read(ctx, Options{Repo: o.Clone, Remote: "origin", Offline: true, Fallback: "main"})
	if err != nil || p.Source != "main" || !p.Found {
		t.Fatalf("offline, the local branch: %+v, %v", p, err)
	}
}

// TestMainLine: the main line comes from --main, else the remote's HEAD;
// a --main the remote lacks is bad input; defaults.main must name it.
func TestMainLine(t *testing.T) {
	t.Parallel()
	o := origin(t)
	ctx := context.Background()
	gittest.Git(t, o.Clone, "push", "-q", "origin", "feature")
	p, err := Read(ctx, Options{Repo: o.Clone, Remote: "origin", Main: "feature", MainGiven: true})
	if err != nil || p.Found || p.Source != "origin/feature" {
		t.Errorf("--main feature: %+v, %v", p, err)
	}
	_, err = Read(ctx, Options{Repo: o.Clone, Remote: "origin", Main: "trunk", MainGiven: true})
	if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), `the main line "trunk" is not a branch of the remote origin`) {
		t.Errorf("--main trunk: kind %v, %v", fault.KindOf(err), err)
	}
	if _, err := Read(ctx, Options{Repo: o.Clone, Remote: "upstream", OfflineHint: true}); !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "pass --offline") {
		t.Errorf("a remote that does not exist: kind %v, %v", fault.KindOf(err), err)
	}

	gittest.Git(t, o.Clone, "checkout", "-q", "main")
	gittest.Commit(t, o.Clone, policy.Name, "defaults:\n  main: trunk\n", "ci: trunk")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	_, err = Read(ctx, Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), `defaults.main is "trunk", but the file is read from the main line main`) ||
		!strings.Contains(err.Error(), ".hotlane.yml at ") {
		t.Errorf("defaults.main naming another branch: kind %v, %v", fault.KindOf(err), err)
	}
}

// TestRefuses: a file over the size limit is refused before it is read
// (exit 2, naming the file, its commit and its size); a near-miss name is
// a warning naming the right one.
func TestRefuses(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	big := "# " + strings.Repeat("x", policy.MaxSize) + "\n" + rule
	sha := gittest.Commit(t, o.Clone, policy.Name, big, "ci: a huge policy")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	_, err := Read(context.Background(), Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	want := fmt.Sprintf(".hotlane.yml at %s (origin/main): .hotlane.yml is %d bytes, over the size limit of 262144 bytes (256 KiB)", sha[:12], len(big))
	if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), want) {
		t.Errorf("an oversize file: kind %v, %v; want invalid saying %q", fault.KindOf(err), err, want)
	}

	// a symlink (or a directory) in its place is not a policy: refused, not ignored
	gittest.Git(t, o.Clone, "rm", "-q", policy.Name)
	if err := os.WriteFile(filepath.Join(o.Clone, "rules.yml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("rules.yml", filepath.Join(o.Clone, policy.Name)); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, o.Clone, "add", "-A")
	gittest.Git(t, o.Clone, "commit", "-q", "-m", "ci: a linked policy")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	_, err = Read(context.Background(), Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), ".hotlane.yml is not a regular file") {
		t.Errorf("a symlink: kind %v, %v", fault.KindOf(err), err)
	}

	gittest.Git(t, o.Clone, "rm", "-q", policy.Name, "rules.yml")
	if err := os.WriteFile(filepath.Join(o.Clone, "hotlane.yml"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Git(t, o.Clone, "add", "hotlane.yml")
	gittest.Git(t, o.Clone, "commit", "-q", "-m", "ci: misnamed")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	p, err := Read(context.Background(), Options{Repo: o.Clone, Remote: "origin", Fallback: "main"})
	if err != nil || p.Found || !strings.Contains(strings.Join(p.Notes, "\n"), `"hotlane.yml" at the repository's root is not read: the policy file is .hotlane.yml`) {
		t.Errorf("a near-miss name: %+v, %v", p, err)
	}
}

// TestReadsThroughTheAPI: without a clone, the file is read through the
// contents API at the repository's default branch.
func TestReadsThroughTheAPI(t *testing.T) {
	t.Parallel()
	o := origin(t)
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("read-token-1234567890", fakegithub.Read)
	api := access.GitHub{Mode: access.ModeAuto, Token: "read-token-1234567890", APIURL: gh.URL, ServerURL: "https://github.com", Repository: "acme/shop", HTTP: config.HTTPPolicy(10 * time.Second)}
	p, err := Read(context.Background(), Options{Repo: t.TempDir(), Remote: "origin", Reach: api.Open(t.TempDir(), "origin", gitrepo.Credentials{})})
	mainSHA := gittest.Git(t, o.Clone, "rev-parse", "origin/main")
	if err != nil || !p.Found || p.Commit != mainSHA || p.Source != "GitHub main" || len(p.File.PromotionFor("production")) != 1 {
		t.Fatalf("through the API: %+v, %v", p, err)
	}
	if got := p.Describe(); got != ".hotlane.yml at "+mainSHA[:12]+" (GitHub main)" {
		t.Errorf("Describe() = %q", got)
	}
}
