package release

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

func request(t *testing.T, build, commit string) Options {
	t.Helper()
	tag, lane := naming.MustParseTemplate("prod-{build}"), naming.MustParseTemplate("hotfix/{build}")
	return Options{Record: record.Record{Build: build, Environment: "production", Commit: commit, Time: time.Now().UTC()},
		TagTemplate: tag, BranchTemplate: lane}
}

// clones makes n clones of the origin, each with its own go-git Repo, as
// n pipeline agents would have.
func clones(t *testing.T, o gittest.Origin, n int) []*gitrepo.Repo {
	t.Helper()
	var repos []*gitrepo.Repo
	for i := 0; i < n; i++ {
		dir := filepath.Join(filepath.Dir(o.Bare), fmt.Sprintf("agent%d", i))
		gittest.Git(t, filepath.Dir(o.Bare), "clone", "-q", o.URL, dir)
		r, err := gitrepo.Open(dir, "origin", gitrepo.Credentials{})
		if err != nil {
			t.Fatal(err)
		}
		repos = append(repos, r)
	}
	return repos
}

// runAll runs one release per clone, all at once, and returns their errors.
func runAll(repos []*gitrepo.Repo, req func(i int) Options) []error {
	errs := make([]error, len(repos))
	var wg sync.WaitGroup
	for i, r := range repos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Apply(context.Background(), r, req(i))
		}()
	}
	wg.Wait()
	return errs
}

func TestConcurrentReleasesOfTheSameCommitAllSucceed(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	repos := clones(t, o, 4)
	errs := runAll(repos, func(int) Options { return request(t, "7", head) })
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	if got := gittest.Git(t, o.Bare, "rev-parse", "prod-7^{commit}", "hotfix/7"); got != head+"\n"+head {
		t.Errorf("refs = %q, want both at %s", got, head)
	}
}

func TestConcurrentReleasesOfDifferentCommitsOneWins(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	repos := clones(t, o, 4)
	commits := make([]string, len(repos))
	for i := range repos {
		dir := filepath.Join(filepath.Dir(o.Bare), fmt.Sprintf("agent%d", i))
		commits[i] = gittest.Commit(t, dir, "agent.txt", fmt.Sprint(i), fmt.Sprintf("agent %d", i))
	}
	errs := runAll(repos, func(i int) Options { return request(t, "8", commits[i]) })
	winners := 0
	for i, err := range errs {
		switch {
		case err == nil:
			winners++
		case !fault.Is(err, fault.Conflict):
			t.Errorf("run %d: kind %v, want conflict: %v", i, fault.KindOf(err), err)
		}
	}
	if winners != 1 {
		t.Fatalf("%d runs won, want exactly 1: %v", winners, errs)
	}
	tagAt := gittest.Git(t, o.Bare, "rev-parse", "prod-8^{commit}")
	laneAt := gittest.Git(t, o.Bare, "rev-parse", "hotfix/8")
	if tagAt != laneAt {
		t.Errorf("tag at %s, lane at %s: the winner's refs must agree", tagAt, laneAt)
	}
	for i, err := range errs {
		if err == nil && commits[i] != tagAt {
			t.Errorf("winner %d released %s but the tag is at %s", i, commits[i], tagAt)
		}
	}
}
