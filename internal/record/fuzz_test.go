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
	f.Fuzz(func(t *testing.T, build, env, source, pipeline, rollback string) {
		r := Record{Build: build, Environment: env, Commit: "c0ffee", Lane: "hotfix/" + build, Source: source,
			Pipeline: pipeline, RollbackOf: rollback, Time: time.Unix(1700000000, 0).UTC()}
		got, err := Parse(r.Message())
		if oneLine(build) == "" {
			return // not a release record without a build
		}
		if err != nil {
			t.Fatalf("Parse(Message(%+v)): %v", r, err)
		}
		if got.Commit != "c0ffee" || got.Build != strings.TrimSpace(oneLine(build)) || got.Source != oneLine(source) {
			t.Fatalf("round trip of %+v gave %+v", r, got)
		}
		_, _ = Parse(source)
		_, _ = ParseBad(source)
	})
}
