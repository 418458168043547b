package markbad

import (
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/golden"
)

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	for _, state := range []string{Marked, Already, Meanwhile, WouldMark} {
		r := Result{Release: ledger.Entry{Tag: "prod-43", Commit: strings.Repeat("a", 40), Record: record.Record{Build: "43"}},
			Mark:    record.Bad{Build: "43", Tag: "prod-43", Reason: "checkout | 500 `rm -rf` ##vso[task.complete]", By: "ops", Time: now},
			TagName: "hotlane-bad/prod-43", State: state}
		md := Markdown(r)
		if n := golden.CheckTables(t, md); n != 1 {
			t.Errorf("%s: %d tables, want 1", state, n)
		}
		golden.Check(t, "markbad-"+strings.ReplaceAll(state, " ", "-")+".markdown", []byte(md))
	}
}
