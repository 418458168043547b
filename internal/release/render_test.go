package release

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/syncs"
	"github.com/hotlane/hotlane/internal/testkit/golden"
)

// sampleResult is a release with everything a summary shows, and text
// from outside that tries to break out of a table cell or the CI log.
func sampleResult(t *testing.T) Result {
	t.Helper()
	hook, err := syncs.Parse("webhook=https://hooks.example/hotfix-dev", config.SyncDefaults)
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := syncs.Parse("command=./notify.sh", config.SyncDefaults)
	if err != nil {
		t.Fatal(err)
	}
	return Result{
		Record: record.Record{Build: "52", Environment: "production", Commit: strings.Repeat("c", 40), Source: "main",
			Time: time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)},
		Tag: "prod-52", Lane: "hotfix/52", TagState: Created, LaneState: Created, Remote: "origin", Atomic: true,
		Previous: &ledger.Entry{Record: record.Record{Build: "51"}, Tag: "prod-51", Commit: strings.Repeat("b", 40)},
		PromotedFrom: []promotion.Released{{Environment: "staging", Build: "50", Tag: "staging-50", Commit: strings.Repeat("c", 40), Recorded: true,
			Tagger: gitref.Signature{Name: "hotlane", Email: "hotlane@localhost"}, Time: time.Date(2026, 11, 28, 6, 0, 0, 0, time.UTC),
			Pipeline: "https://ci.example/run/50"}},
		Warnings: []string{"tag | <b>x</b> ::warning::"},
		Sync:     []syncs.Spec{hook, cmd},
		Synced: []syncs.Outcome{{Spec: hook, Detail: "delivered (signed)"},
			{Spec: cmd, Err: errors.New("exit status 7 | ##vso[task.complete]")}},
		Dropped:        []string{`production now lacks hotfix commit 111111111111 "fix: | pipes" of hotfix/51 (by Dana): git cherry-pick -x 1111`},
		DroppedChecked: true,
	}
}

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	md := Markdown(sampleResult(t))
	if n := golden.CheckTables(t, md); n != 1 {
		t.Errorf("%d tables, want 1", n)
	}
	golden.Check(t, "release.markdown", []byte(md))
	staging := sampleResult(t)
	staging.Record.Environment, staging.Lane, staging.LaneState, staging.Sync, staging.Synced, staging.DryRun = "staging", "", None, nil, nil, true
	golden.Check(t, "release-staging-dry-run.markdown", []byte(Markdown(staging)))
}
