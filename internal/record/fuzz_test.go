package record

import (
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/naming"
)

// FuzzRecord: a record that CheckWritable accepts reads back exactly as
// itself; whatever the values, no value adds a trailer and no record that
// Parse accepts holds an invisible character; Parse never panics.
func FuzzRecord(f *testing.F) {
	f.Add("43", "production", "main", "https://ci/1", "octocat", "")
	f.Add("1", "prod", "x\nHotlane-Commit: forged", "", "", "9")
	f.Add("4\u202e3", "stag\u2066ing", "feature x", "https://ci/\u200b", "Jane \u2067Doe", "4\u200f2")
	f.Add("20261122.3", "Staging", "refs/pull/5/merge", "run 9", " a", "41 42")
	sha := strings.Repeat("c0ffee", 7)[:40]
	f.Fuzz(func(t *testing.T, build, env, source, pipeline, actor, rollback string) {
		r := Record{Build: build, Environment: env, Commit: sha, Lane: "hotfix/" + build, Source: source,
			Pipeline: pipeline, Actor: actor, RollbackOf: rollback, Time: time.Unix(1700000000, 0).UTC()}
		writable := r.CheckWritable()
		got, err := Parse(r.Message())
		if writable == nil && (err != nil || got != r) {
			t.Fatalf("CheckWritable accepted %+v, which reads back as %+v (%v)", r, got, err)
		}
		if err == nil {
			if got.Commit != sha {
				t.Fatalf("a value of %+v forged the commit: %+v", r, got)
			}
			for _, v := range []string{got.Build, got.Environment, got.Lane, got.Source, got.Pipeline, got.Actor, got.RollbackOf} {
				if naming.CheckVisible(v) != nil {
					t.Fatalf("Parse accepted an invisible character in %q", v)
				}
			}
		}
		_, _ = Parse(source)
		_, _ = ParseBad(source)
	})
}
