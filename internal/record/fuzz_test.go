package record

import (
	"strings"
	"testing"
	"time"
)

// FuzzRecord: a record with any values reads back with the same (folded)
// values, and no value can add a trailer; Parse never panics.
func FuzzRecord(f *testing.F) {
	f.Add("43", "production", "main", "https://ci/1", "")
	f.Add("1", "prod", "x\nHotlane-Commit: forged", "", "9")
	sha := strings.Repeat("c0ffee", 7)[:40]
	f.Fuzz(func(t *testing.T, build, env, source, pipeline, rollback string) {
		r := Record{Build: build, Environment: env, Commit: sha, Lane: "hotfix/" + build, Source: source,
			Pipeline: pipeline, RollbackOf: rollback, Time: time.Unix(1700000000, 0).UTC()}
		got, err := Parse(r.Message())
		if oneLine(build) == "" {
			return // not a release record without a build
		}
		// what the record says once written: folded to one line each
		written := Record{Build: strings.TrimSpace(oneLine(build)), Commit: sha, Lane: strings.TrimSpace(oneLine("hotfix/" + build)),
			Source: strings.TrimSpace(oneLine(source)), RollbackOf: strings.TrimSpace(oneLine(rollback))}
		if invalid := written.validate(); invalid != nil {
			if err == nil {
				t.Fatalf("Parse(Message(%+v)) accepted a record with %v", r, invalid)
			}
			return
		}
		if err != nil {
			t.Fatalf("Parse(Message(%+v)): %v", r, err)
		}
		if got.Commit != sha || got.Build != written.Build || got.Source != oneLine(source) {
			t.Fatalf("round trip of %+v gave %+v", r, got)
		}
		_, _ = Parse(source)
		_, _ = ParseBad(source)
	})
}
