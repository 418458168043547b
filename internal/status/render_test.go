package status

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/golden"
)

// sampleResult is a status of two environments, with a bad release, a
// rollback, a lane that owes backports, and text from outside that tries
// to break a table, the Mermaid block or the CI log. The Mermaid parser
// check (internal/testkit/suites/pipelinecheck) reads the golden file's block.
func sampleResult() Result {
	at := func(day int) time.Time { return time.Date(2026, 11, day, 6, 0, 0, 0, time.UTC) }
	entry := func(env, tag, build string, day int, lane string) ledger.Entry {
		sha := strings.Repeat(fmt.Sprint(day), 40)
		return ledger.Entry{Tag: tag, Commit: sha, Record: record.Record{Build: build, Environment: env,
			Commit: sha, Lane: lane, Source: "main", Time: at(day)}}
	}
	prod := ledger.Ledger{Entries: []ledger.Entry{
		entry("production", "prod-41", "41", 1, "hotfix/41"),
		entry("production", "prod-42", "42", 2, "hotfix/42"),
		entry("production", "prod-43", "43", 3, "hotfix/43"),
	}}
	prod.Entries[1].Bad = &record.Bad{Reason: "checkout: 500 | #vso %% <b>", By: "ops"}
	prod.Entries[2].Record.RollbackOf = "42"
	stg := ledger.Ledger{Entries: []ledger.Entry{entry("qa: staging", "qa--staging-44", "44", 4, "")}}
	return Result{
		Environment: "production", Ledger: prod, Environments: []string{"production", "qa: staging"},
		Ledgers: map[string]ledger.Ledger{"production": prod, "qa: staging": stg},
		Lanes:   []string{"hotfix/41", "hotfix/43"}, Pending: map[string]int{"hotfix/41": 2, "hotfix/43": 0},
		Freshness: ledgerio.Freshness{Remote: "origin", At: at(5)},
	}
}

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := Render(&b, "markdown", sampleResult()); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if n := golden.CheckTables(t, md); n != 3 {
		t.Errorf("%d tables, want 3 (environments, releases, lanes)", n)
	}
	golden.Check(t, "status.markdown", []byte(md))
	block := Timeline(sampleResult())
	for _, line := range strings.Split(block, "\n")[2:] {
		if strings.ContainsAny(line, "#%;|<>") || strings.Count(line, ":") > 3 {
			t.Errorf("Mermaid syntax from a record in %q", line)
		}
	}
}
