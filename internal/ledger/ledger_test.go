package ledger

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

func tmpl(t *testing.T) naming.Template {
	t.Helper()
	tp, err := naming.ParseTemplate("prod-{build}")
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

// commitOf is a full sha named after name.
func commitOf(name string) string {
	sum := sha1.Sum([]byte(name))
	return hex.EncodeToString(sum[:])
}

// day is when the test releases are recorded, unless they say.
var day = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// rel is a release tag; opts: "bad" marks it bad, "rb=N" makes it a
// rollback of N, "c=X" sets its commit (default "c"+build), "at=M" records
// it M minutes into the day (default 0), "hand=M" makes its record one
// without a time (made by hand), tagged M minutes into the day.
func rel(build string, opts ...string) []Tag {
	r := record.Record{Build: build, Environment: "production", Commit: commitOf("c" + build), Lane: "hotfix/" + build, Time: day}
	tagged := day
	var extra []Tag
	for _, o := range opts {
		switch {
		case o == "bad":
			extra = append(extra, Tag{Name: record.BadPrefix + "prod-" + build, Annotated: true,
				Message: record.Bad{Build: build, Tag: "prod-" + build, Reason: "broke checkout", By: "ops"}.Message()})
		case strings.HasPrefix(o, "rb="):
			r.RollbackOf = strings.TrimPrefix(o, "rb=")
		case strings.HasPrefix(o, "c="):
			r.Commit = commitOf(strings.TrimPrefix(o, "c="))
		case strings.HasPrefix(o, "at="):
			r.Time = day.Add(minutes(o))
			tagged = r.Time
		case strings.HasPrefix(o, "hand="):
			r.Time, tagged = time.Time{}, day.Add(minutes(o))
		}
	}
	return append([]Tag{{Name: "prod-" + build, Commit: r.Commit, Message: r.Message(), Annotated: true, Tagged: tagged}}, extra...)
}

func minutes(opt string) time.Duration {
	_, v, _ := strings.Cut(opt, "=")
	m, err := time.ParseDuration(v + "m")
	if err != nil {
		panic(err)
	}
	return m
}

func tags(groups ...[]Tag) []Tag {
	var out []Tag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Releases recorded at the same time (the record's time has one-second
// resolution) order by build, numbers compared as numbers.
func TestEqualTimesOrderByBuild(t *testing.T) {
	t.Parallel()
	l := Read(tags(rel("10"), rel("9"), rel("100"), rel("20261122.12"), rel("20261122.3")), tmpl(t), "production")
	var got []string
	for _, e := range l.Entries {
		got = append(got, e.Record.Build)
	}
	if want := "9 10 100 20261122.3 20261122.12"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
	if cur, _ := l.Current(); cur.Record.Build != "20261122.12" {
		t.Errorf("current %s", cur.Record.Build)
	}
}

func TestPreviousApproved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tags []Tag
		from string
		want string // build, or "error: ..."
	}{
		{"the one before", tags(rel("1"), rel("2"), rel("3")), "3", "2"},
		{"gaps in build numbers", tags(rel("7"), rel("12"), rel("40")), "40", "12"},
		{"bad releases are skipped", tags(rel("1"), rel("2", "bad"), rel("3", "bad")), "3", "1"},
		{"a rollback of a bad release is skipped", tags(rel("1"), rel("2", "bad"), rel("3", "rb=2", "c=c1"), rel("4", "bad")), "4", "1"},
		{"a rollback of a good release counts", tags(rel("1"), rel("2"), rel("3", "rb=2", "c=c1")), "3", "2"},
		{"rollbacks of rollbacks", tags(rel("1"), rel("2", "bad"), rel("3", "rb=2", "c=c1", "bad"), rel("4", "rb=3", "c=c1"), rel("5", "bad")), "5", "1"},
		{"the same commit is no rollback", tags(rel("1"), rel("2", "c=c3"), rel("3")), "3", "1"},
		{"non-numeric builds", tags(rel("alpha"), rel("beta")), "beta", "alpha"},
		{"nothing earlier", tags(rel("1")), "1", "error: no approved release before 1"},
		{"everything earlier is bad", tags(rel("1", "bad"), rel("2")), "2", "error: no approved release"},
		{"an unknown build", tags(rel("1")), "9", "error: release 9 is not in the ledger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := Read(tt.tags, tmpl(t), "production")
			e, err := l.PreviousApproved(tt.from)
			got := e.Record.Build
			if err != nil {
				got = "error: " + err.Error()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("PreviousApproved(%s) = %q, want %q", tt.from, got, tt.want)
			}
		})
	}
}

func TestForeignAndMalformedTags(t *testing.T) {
	t.Parallel()
	l := Read([]Tag{
		{Name: "v1.2.3", Commit: "x", Message: "a library release", Annotated: true},
		{Name: "prod-5", Commit: "c5"},
		{Name: "prod-6", Commit: "c6", Message: "Production release 6\n\nno trailers here", Annotated: true},
		{Name: "prod-7", Commit: commitOf("c7"), Message: record.Record{Build: "8", Commit: commitOf("c7")}.Message(), Annotated: true},
		{Name: "prod-10", Commit: commitOf("c10"), Message: record.Record{Build: "10", Commit: "deadbeef"}.Message(), Annotated: true},
		{Name: "prod-11", Commit: commitOf("c11"), Message: record.Record{Build: "11", Commit: commitOf("other")}.Message(), Annotated: true},
		{Name: "prod-12", Commit: commitOf("c12"), Message: record.Record{Build: "12", Commit: commitOf("c12"), Lane: "hotfix/12 ##vso[task.setvariable variable=x]y"}.Message(), Annotated: true},
		rel("9")[0],
		{Name: record.BadPrefix + "prod-9", Message: "garbage", Annotated: true},
	}, tmpl(t), "production")
	if len(l.Entries) != 1 || l.Entries[0].Record.Build != "9" || l.Entries[0].Bad != nil {
		t.Errorf("entries %+v", l.Entries)
	}
	var reasons []string
	for _, p := range l.Problems {
		reasons = append(reasons, p.Tag+": "+p.Reason)
	}
	got := strings.Join(reasons, "\n")
	for _, want := range []string{"prod-5: a lightweight tag", "prod-6: not a release record", "prod-7: its record names release 8", "hotlane-bad/prod-9: not a bad-release mark",
		"prod-10: release record: Hotlane-Commit \"deadbeef\" is not a full commit sha", "prod-11: its record names commit " + commitOf("other")[:12] + ", the tag points at " + commitOf("c11")[:12],
		"prod-12: release record: Hotlane-Lane \"hotfix/12 ##vso[task.setvariable variable=x]y\" is not a branch name"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "v1.2.3") {
		t.Errorf("a foreign tag was reported: %s", got)
	}
}

func TestBadMarkRoundTrip(t *testing.T) {
	t.Parallel()
	b := record.Bad{Build: "43", Tag: "prod-43", Reason: "checkout 500s\nHotlane-Reason: forged", By: "Jane", Time: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}
	got, err := record.ParseBad(b.Message())
	if err != nil {
		t.Fatal(err)
	}
	if got.Build != "43" || got.Reason != "checkout 500s Hotlane-Reason: forged" || got.By != "Jane" || !got.Time.Equal(b.Time) {
		t.Errorf("round trip: %+v", got)
	}
}

// TestNewest: an error that names a ledger's builds says how many it left out.
func TestNewest(t *testing.T) {
	t.Parallel()
	var l Ledger
	if got := l.Newest(2); got != "none yet" {
		t.Errorf("empty: %q", got)
	}
	for _, b := range []string{"40", "41", "42"} {
		l.Entries = append(l.Entries, Entry{Record: record.Record{Build: b}})
	}
	if got := l.Newest(2); got != "42, 41 and 1 older" {
		t.Errorf("three, two named: %q", got)
	}
	if got := l.Newest(10); got != "42, 41, 40" {
		t.Errorf("three, ten named: %q", got)
	}
}
