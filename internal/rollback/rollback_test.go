package rollback

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// history is a ledger of releases given as "build[:bad][:from=BRANCH][:rb=N]",
// recorded a minute apart in the order given.
func history(specs ...string) ledger.Ledger {
	var l ledger.Ledger
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i, spec := range specs {
		parts := strings.Split(spec, ":")
		e := ledger.Entry{Tag: "prod-" + parts[0], Commit: fmt.Sprintf("%040x", i+1),
			Record: record.Record{Build: parts[0], Lane: "hotfix/" + parts[0], Source: "main", Time: day.Add(time.Duration(i) * time.Minute)}}
		for _, p := range parts[1:] {
			switch {
			case p == "bad":
				e.Bad = &record.Bad{Build: parts[0], Reason: "broke checkout", By: "ops"}
			case strings.HasPrefix(p, "from="):
				e.Record.Source = strings.TrimPrefix(p, "from=")
			case strings.HasPrefix(p, "rb="):
				e.Record.RollbackOf = strings.TrimPrefix(p, "rb=")
			}
		}
		l.Entries = append(l.Entries, e)
	}
	ledger.Sort(l.Entries)
	return l
}

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ledger  ledger.Ledger
		to, own string
		want    string // "from->to build drops" or "exit N"
	}{
		{"the previous release", history("1", "2", "3"), "", "", "3->2 3.1 -"},
		{"bad releases are skipped", history("1", "2:bad", "3:bad"), "", "", "3->1 3.1 -"},
		{"a rollback away from a bad release is skipped", history("1", "2", "3:bad", "4:rb=3"), "", "", "4->2 4.1 -"},
		{"--to an earlier release", history("1", "2", "3"), "1", "", "3->1 3.1 -"},
		{"--to a bad release", history("1:bad", "2"), "1", "", "kind invalid"},
		{"--to the current release", history("1", "2"), "2", "", "kind invalid"},
		{"--to an unknown release", history("1", "2"), "9", "", "kind invalid"},
		{"no release at all", history(), "", "", "kind failed"},
		{"no approved release", history("1:bad", "2"), "", "", "kind failed"},
		{"the run's own build", history("1", "2"), "", "7", "2->1 7 -"},
		{"the run's own build, whatever its order among build ids", history("1", "8"), "", "7", "8->1 7 -"},
		{"the run's own build when it is taken", history("7", "8"), "", "7", "8->7 8.1 -"},
		{"build ids that sort the other way: the one recorded last is current", history("103", "103.1", "2:bad"), "", "", "2->103.1 2.1 -"},
		{"--to a release recorded after the current one's build id", history("5", "103", "2"), "103", "", "2->103 2.1 -"},
		{"--to a release recorded later", history("5", "2", "103"), "103", "", "kind invalid"},
		{"a free <current>.N", history("1", "2", "2.1", "2.1.1:bad"), "", "", "2.1.1->2.1 2.1.1.1 -"},
		{"releases from lanes are dropped", history("1", "2:from=hotfix/1", "3"), "1", "", "3->1 3.1 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := Options{Ledger: ledgerio.Options{Tags: naming.MustParseTemplate("prod-{build}"), Environment: "production"},
				Lanes: naming.MustParseTemplate("hotfix/{build}"), To: tt.to, Build: tt.own}
			res, err := Plan(tt.ledger, o)
			got := ""
			if err != nil {
				got = fmt.Sprintf("kind %v", fault.KindOf(err))
			} else {
				drops := "-" // none
				for i, e := range res.Drops {
					if i == 0 {
						drops = ""
					} else {
						drops += ","
					}
					drops += e.Record.Build
				}
				got = res.From.Record.Build + "->" + res.To.Record.Build + " " + res.Build + " " + drops
			}
			if got != tt.want {
				t.Errorf("got %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

// TestCommandWorksWhenPasted: the printed command names the build, the
// commit and what it rolls back, and its outputs are release's seven.
func TestCommandWorksWhenPasted(t *testing.T) {
	t.Parallel()
	o := Options{Ledger: ledgerio.Options{Tags: naming.MustParseTemplate("prod-{build}")}, Lanes: naming.MustParseTemplate("hotfix/{build}")}
	res, err := Plan(history("1", "2:bad"), o)
	if err != nil {
		t.Fatal(err)
	}
	if want := "hotlane release --build 2.1 --commit " + fmt.Sprintf("%040x", 1) + " --rollback-of 2"; res.Command() != want {
		t.Errorf("command %q, want %q", res.Command(), want)
	}
	outputs := map[string]string{}
	for _, out := range res.Outputs() {
		outputs[out.Name] = out.Value
	}
	if len(outputs) != 7 || outputs["release"] != "1" || outputs["lane"] != "hotfix/1" || outputs["previous-release"] != "2" {
		t.Errorf("outputs %v", outputs)
	}
}
