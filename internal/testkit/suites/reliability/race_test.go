package reliability

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/release"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestRacingReleasesOverTheGitHubAPI runs releases of one build at once
// through the API: of the same commit, all succeed and one tag exists; of
// different commits, exactly one wins and the others exit 3, no ref moved.
func TestRacingReleasesOverTheGitHubAPI(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	var commits []string
	for i := 0; i < 4; i++ {
		gittest.Git(t, o.Clone, "checkout", "-q", "-b", fmt.Sprintf("agent%d", i), head)
		commits = append(commits, gittest.Commit(t, o.Clone, "agent.txt", fmt.Sprint(i), fmt.Sprintf("agent %d", i)))
		gittest.Git(t, o.Clone, "push", "-q", "origin", fmt.Sprintf("agent%d", i))
	}
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)

	race := func(build string, commitOf func(i int) string) []error {
		errs := make([]error, 4)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := ghapi.New(gh.URL, "write-token-1234567890", "acme", "shop", config.HTTPPolicy(30*time.Second))
				if err != nil {
					errs[i] = err
					return
				}
				tag, _ := naming.ParseTemplate("prod-{build}")
				lane, _ := naming.ParseTemplate("hotfix/{build}")
				_, errs[i] = release.Apply(context.Background(), ghapi.NewEngine(c), release.Options{
					Record:      record.Record{Build: build, Environment: "production", Commit: commitOf(i), Time: time.Now().UTC()},
					TagTemplate: tag, BranchTemplate: lane})
			}()
		}
		wg.Wait()
		return errs
	}

	for i, err := range race("1", func(int) string { return head }) {
		if err != nil {
			t.Errorf("same commit, run %d: %v", i, err)
		}
	}
	if got := gittest.Git(t, o.Bare, "rev-parse", "prod-1^{commit}", "hotfix/1"); got != head+"\n"+head {
		t.Errorf("refs %q", got)
	}
	report(t, "race/api-same-commit", 0, "done", true)

	winners := 0
	for i, err := range race("2", func(i int) string { return commits[i] }) {
		switch {
		case err == nil:
			winners++
		case !fault.Is(err, fault.Conflict):
			t.Errorf("run %d: kind %v: %v", i, fault.KindOf(err), err)
		}
	}
	tagAt := gittest.Git(t, o.Bare, "rev-parse", "prod-2^{commit}")
	laneAt := gittest.Git(t, o.Bare, "rev-parse", "hotfix/2")
	if winners != 1 || tagAt != laneAt {
		t.Errorf("%d winners; tag at %s, lane at %s", winners, tagAt, laneAt)
	}
	report(t, "race/api-different-commits", 0, "done", winners == 1)
}
