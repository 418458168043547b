package ghapi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

const hotfixDevWorkflow = `name: hotfix-dev
on:
  workflow_dispatch:
    inputs:
      lane: {required: true}
      release: {}
      tag: {}
      commit: {}
      environment: {}
jobs: {}
`

// TestDispatchWorkflow drives workflow_dispatch against the fake GitHub:
// a run on the lane with the release as inputs is recorded; a workflow
// GitHub does not know, one without the trigger, inputs it does not
// declare, a ref that does not exist and a read-only token are refused
// with a message that says what to fix, and nothing is recorded for them.
func TestDispatchWorkflow(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Commit(t, o.Clone, ".github/workflows/hotfix-dev.yml", hotfixDevWorkflow, "ci: hotfix-dev")
	gittest.Commit(t, o.Clone, ".github/workflows/push.yml", "on: push\njobs: {}\n", "ci: push")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main", "main:refs/heads/hotfix/43")
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)
	gh.AddToken("read-token-1234567890", fakegithub.Read)
	p := httpx.Policy{Attempts: 5, PerTry: 30 * time.Second, Total: 2 * time.Minute, BaseBackoff: 500 * time.Millisecond, MaxWait: time.Minute}
	p.Sleep = func(context.Context, time.Duration) error { return nil }
	client := func(token string) *Client {
		c, err := New(gh.URL, token, "acme", "shop", p)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	inputs := map[string]string{"lane": "hotfix/43", "release": "43", "tag": "prod-43", "commit": "abc", "environment": "production"}
	if err := client("write-token-1234567890").DispatchWorkflow(ctx, "hotfix-dev.yml", "hotfix/43", inputs); err != nil {
		t.Fatalf("dispatch: %v", err)
	}
	runs := gh.Dispatches()
	if len(runs) != 1 || runs[0].Ref != "hotfix/43" || runs[0].Workflow != "hotfix-dev.yml" || runs[0].Inputs["lane"] != "hotfix/43" || runs[0].Inputs["release"] != "43" {
		t.Fatalf("dispatched runs: %+v", runs)
	}

	refused := []struct {
		token, workflow, ref string
		inputs               map[string]string
		want                 string
	}{
		{"write-token-1234567890", "deploy.yml", "hotfix/43", inputs, "has no workflow deploy.yml"},
		{"write-token-1234567890", "push.yml", "hotfix/43", inputs, "Workflow does not have 'workflow_dispatch' trigger"},
		{"write-token-1234567890", "hotfix-dev.yml", "hotfix/43", map[string]string{"lane": "x", "branch": "y"}, `Unexpected inputs provided: ["branch"]`},
		{"write-token-1234567890", "hotfix-dev.yml", "hotfix/43", map[string]string{"tag": "x"}, "Required input 'lane' not provided"},
		{"write-token-1234567890", "hotfix-dev.yml", "hotfix/44", inputs, "No ref found for: hotfix/44"},
		{"read-token-1234567890", "hotfix-dev.yml", "hotfix/43", inputs, "actions: write"},
	}
	for _, tt := range refused {
		err := client(tt.token).DispatchWorkflow(ctx, tt.workflow, tt.ref, tt.inputs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("dispatch %s on %s: %v, want %q", tt.workflow, tt.ref, err, tt.want)
		}
	}
	if got := gh.Dispatches(); len(got) != 1 {
		t.Errorf("refused dispatches were recorded: %+v", got)
	}
}
