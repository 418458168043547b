package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// origin is a clone whose remote's HEAD is develop.
func origin(t *testing.T) gittest.Origin {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main:develop")
	gittest.Git(t, o.Bare, "symbolic-ref", "HEAD", "refs/heads/develop")
	return o
}

func TestRunWritesOnceAndNeverOverwrites(t *testing.T) {
	t.Parallel()
	o := origin(t)
	opts := Options{Repo: filepath.Join(o.Clone), Remote: "origin", CI: "github", Version: "v1.4.0"}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Main != "develop" || res.MainFrom != "the HEAD of origin" || len(res.Files) != 2 {
		t.Fatalf("result %+v", res)
	}
	workflow := filepath.Join(o.Clone, ".github", "workflows", "hotlane.yml")
	data, err := os.ReadFile(workflow)
	if err != nil || !strings.Contains(string(data), `branches: ["develop"]`) || !strings.Contains(string(data), "hotlane/hotlane@v1") {
		t.Fatalf("the workflow: %v\n%s", err, data)
	}

	// again: nothing changes
	res, err = Run(context.Background(), opts)
	if err != nil || res.Files[0].Action != "unchanged" || res.Files[1].Action != "unchanged" {
		t.Fatalf("a re-run: %+v, %v", res.Files, err)
	}

	// a policy file of the team's own: refused before anything is written
	policyFile := filepath.Join(o.Clone, ".hotlane.yml")
	if err := os.WriteFile(policyFile, []byte("waivers: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	jenkins := opts
	jenkins.CI = "jenkins"
	_, err = Run(context.Background(), jenkins)
	if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), ".hotlane.yml exists with other content (nothing was written)") {
		t.Fatalf("over a team's policy file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(o.Clone, "Jenkinsfile.hotlane")); !os.IsNotExist(err) {
		t.Errorf("the Jenkinsfile was written beside a refusal: %v", err)
	}

	// a dry run says what it would do and writes nothing
	jenkins.DryRun, jenkins.Force = true, true
	res, err = Run(context.Background(), jenkins)
	if err != nil || res.Files[0].Action != "write" || res.Files[1].Action != "overwrite" {
		t.Fatalf("a forced dry run: %+v, %v", res.Files, err)
	}
	if data, _ := os.ReadFile(policyFile); string(data) != "waivers: []\n" {
		t.Errorf("a dry run changed the policy file: %q", data)
	}

	// --force overwrites
	jenkins.DryRun = false
	if _, err := Run(context.Background(), jenkins); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(policyFile); !strings.Contains(string(data), "written by `hotlane init`") {
		t.Errorf("--force did not write the policy file: %q", data)
	}
	if data, _ := os.ReadFile(filepath.Join(o.Clone, "Jenkinsfile.hotlane")); strings.Contains(string(data), "HOTLANE_MAIN") {
		t.Errorf("the Jenkinsfile names the main line the remote's HEAD names:\n%s", data)
	}
}

func TestMainLine(t *testing.T) {
	t.Parallel()
	o := origin(t)
	ctx := context.Background()
	if name, from := mainLine(ctx, Options{Repo: o.Clone, Remote: "origin", Main: "trunk"}); name != "trunk" || from != "--main" {
		t.Errorf("--main: %s (%s)", name, from)
	}
	// the remote gone: the clone's record of its HEAD
	gittest.Git(t, o.Clone, "remote", "set-head", "origin", "develop")
	if err := os.RemoveAll(o.Bare); err != nil {
		t.Fatal(err)
	}
	if name, from := mainLine(ctx, Options{Repo: o.Clone, Remote: "origin"}); name != "develop" || from != "the clone's origin/HEAD" {
		t.Errorf("without the remote: %s (%s)", name, from)
	}
	// no record either: main, and why
	gittest.Git(t, o.Clone, "remote", "set-head", "origin", "--delete")
	if name, from := mainLine(ctx, Options{Repo: o.Clone, Remote: "origin"}); name != "main" || !strings.HasPrefix(from, "the default: the HEAD of origin is unknown (") {
		t.Errorf("with nothing known: %s (%s)", name, from)
	}
	if name, from := mainLine(ctx, Options{Repo: o.Clone, Remote: "upstream"}); name != "main" || !strings.Contains(from, `"upstream" not found`) {
		t.Errorf("no such remote: %s (%s)", name, from)
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	t.Parallel()
	o := origin(t)
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{Repo: o.Clone, Remote: "origin", CI: "none"}, "pass --ci github, gitlab, azure or jenkins"},
		{Options{Repo: t.TempDir(), Remote: "origin", CI: "github"}, "open git repository"},
		{Options{Repo: o.Clone, Remote: "origin", CI: "github", Main: `we"ird`}, `the main line "we\"ird" (--main) is not a branch name init writes`},
	} {
		_, err := Run(context.Background(), tt.opts)
		if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want exit 2 and %q", tt.opts, err, tt.want)
		}
	}
}
