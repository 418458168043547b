package retire

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/record"
)

// entry is a release of env recorded at minute m, at commit c, from source.
func entry(env, build string, m int, c, source string) ledger.Entry {
	tag := env + "-" + build
	lane := ""
	if env == "production" {
		tag, lane = "prod-"+build, "hotfix/"+build
	}
	return ledger.Entry{Tag: tag, Commit: fmt.Sprintf("%040s", c), Record: record.Record{Build: build, Environment: env,
		Commit: fmt.Sprintf("%040s", c), Lane: lane, Source: source, Time: time.Date(2026, 11, 1, 0, m, 0, 0, time.UTC)}}
}

func ledgerOf(entries ...ledger.Entry) ledger.Ledger {
	l := ledger.Ledger{Entries: entries}
	ledger.Sort(l.Entries)
	return l
}

// TestRelease: which lane may be retired, by the ledgers of every
// environment; a refusal is exit 1 (nothing changed), a name the ledger
// lacks exit 2.
func TestRelease(t *testing.T) {
	t.Parallel()
	prod := func(extra ...ledger.Entry) ledger.Ledger {
		return ledgerOf(append([]ledger.Entry{entry("production", "41", 1, "a", "main"), entry("production", "42", 3, "b", "main")}, extra...)...)
	}
	tests := []struct {
		name string
		all  map[string]ledger.Ledger
		want string // "ok" or "exit N: phrase"
	}{
		{"replaced by a later release", map[string]ledger.Ledger{"production": prod()}, "ok"},
		{"current in production", map[string]ledger.Ledger{"production": ledgerOf(entry("production", "41", 1, "a", "main"))}, "kind refused: production runs release 41"},
		{"a hotfix release from its lane is current",
			map[string]ledger.Ledger{"production": prod(entry("production", "2", 5, "c", "hotfix/41"))}, "kind refused: production runs release 2"},
		{"its commit is what staging runs",
			map[string]ledger.Ledger{"production": prod(), "staging": ledgerOf(entry("staging", "7", 2, "a", "main"))}, "kind refused: staging runs release 7"},
		{"staging moved on", map[string]ledger.Ledger{"production": prod(),
			"staging": ledgerOf(entry("staging", "7", 2, "a", "main"), entry("staging", "8", 4, "b", "main"))}, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := Options{Build: "41", Ledger: ledgerio.Options{Environment: "production"}}
			e, err := release(tt.all["production"], tt.all, o)
			got := "ok"
			if err != nil {
				got = fmt.Sprintf("kind %v: %v", fault.KindOf(err), err)
			} else if e.Record.Build != "41" {
				got = "wrong release " + e.Record.Build
			}
			ok := got == tt.want
			if phrase, refused := strings.CutPrefix(tt.want, "kind refused: "); refused {
				ok = strings.HasPrefix(got, "kind refused: ") && strings.Contains(got, phrase)
			}
			if !ok {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := release(ledgerOf(entry("production", "41", 1, "a", "main")), nil, Options{Build: "9", Ledger: ledgerio.Options{Environment: "production"}}); !fault.Is(err, fault.Invalid) ||
		!strings.Contains(err.Error(), "its releases, newest first: 41") {
		t.Errorf("an unknown release: %v", err)
	}
}
