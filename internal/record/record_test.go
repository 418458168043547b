package record

import (
	"strings"
	"testing"
	"time"
)

func TestMessageMatchesSpec(t *testing.T) {
	t.Parallel()
	r := Record{Build: "43", Environment: "production", Commit: strings.Repeat("a", 40), Lane: "hotfix/43",
		Source: "main", Pipeline: "https://ci.example/run/9", Actor: "octocat",
		Time: time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)}
	want := "Production release 43\n\n" +
		"Hotlane-Release: 43\n" +
		"Hotlane-Environment: production\n" +
		"Hotlane-Commit: " + strings.Repeat("a", 40) + "\n" +
		"Hotlane-Lane: hotfix/43\n" +
		"Hotlane-Source: main\n" +
		"Hotlane-Pipeline: https://ci.example/run/9\n" +
		"Hotlane-Actor: octocat\n" +
		"Hotlane-Time: 2026-11-22T06:00:00Z\n"
	if got := r.Message(); got != want {
		t.Errorf("Message() =\n%s\nwant\n%s", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []Record{
		{Build: "43", Environment: "production", Commit: strings.Repeat("c1", 20), Lane: "hotfix/43", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{Build: "20261122.3", Environment: "staging", Commit: strings.Repeat("c2", 20), Lane: "Hotfix-20261122.3", Source: "hotfix/42",
			Pipeline: "https://dev.azure.com/o/p/_build/results?buildId=7", Actor: "Jane Doe", RollbackOf: "44"},
	}
	for _, want := range tests {
		got, err := Parse(want.Message())
		if err != nil {
			t.Fatalf("Parse(%q): %v", want.Message(), err)
		}
		if got != want {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
	}
}

func TestValuesCannotForgeTrailers(t *testing.T) {
	t.Parallel()
	good := strings.Repeat("9", 40)
	forged := "evil\nHotlane-Commit: forged\r\nHotlane-Rollback-Of: 9"
	for _, r := range []Record{
		{Build: "1", Environment: "production", Commit: good, Lane: "hotfix/1", Actor: forged},
		{Build: "1", Environment: "production", Commit: good, Lane: "hotfix/1", Pipeline: forged},
		{Build: "1", Environment: "production", Commit: good, Lane: "hotfix/1", Source: forged},
	} {
		if strings.Count(r.Message(), "\n") != 7 {
			t.Errorf("message has extra lines:\n%s", r.Message())
		}
		got, err := Parse(r.Message())
		if err == nil && (got.Commit != good || got.RollbackOf != "") {
			t.Errorf("a value added trailers: %+v", got)
		}
		if r.CheckWritable() == nil {
			t.Errorf("CheckWritable accepted a value with line breaks: %+v", r)
		}
	}
}

// TestCheckWritable: the release refuses, before anything changes, a
// record that would not read back as itself, naming the field and value.
func TestCheckWritable(t *testing.T) {
	t.Parallel()
	ok := Record{Build: "43", Environment: "production", Commit: strings.Repeat("a", 40), Lane: "hotfix/43", Source: "main",
		Pipeline: "https://ci.example/run/9?attempt=2", Actor: "Jane Doe", Time: time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC), RollbackOf: "42"}
	if err := ok.CheckWritable(); err != nil {
		t.Fatalf("a valid record: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Record)
		want   string
	}{
		{"a source branch with a space", func(r *Record) { r.Source = "feature x" }, `Hotlane-Source "feature x" is not a branch name: it contains ' '`},
		{"a GITHUB_REF with a line break", func(r *Record) { r.Source = "main\nHotlane-Lane: x" }, `Hotlane-Source "main\nHotlane-Lane: x" is not a branch name: it contains the control character U+000A`},
		{"a source that is a full ref", func(r *Record) { r.Source = "refs/pull/5/merge" }, `Hotlane-Source "refs/pull/5/merge"`},
		{"a bidi control in the build", func(r *Record) { r.Build = "4\u202e3" }, `Hotlane-Release "4\u202e3" is not a build id (a name git accepts in a tag): it contains the invisible character U+202E`},
		{"a build with a tab", func(r *Record) { r.Build = "4\t3" }, "Hotlane-Release"},
		{"no build", func(r *Record) { r.Build = "" }, "Hotlane-Release"},
		{"an environment in two words", func(r *Record) { r.Environment = "pre prod" }, "Hotlane-Environment \"pre prod\" is not an environment name"},
		{"a short commit", func(r *Record) { r.Commit = "abc" }, "Hotlane-Commit"},
		{"a lane with a zero-width space", func(r *Record) { r.Lane = "hotfix/4\u200b3" }, "Hotlane-Lane"},
		{"a pipeline that is not a URL", func(r *Record) { r.Pipeline = "run 9" }, "Hotlane-Pipeline \"run 9\" is not the URL of a pipeline run"},
		{"a pipeline over ftp", func(r *Record) { r.Pipeline = "ftp://ci/9" }, "Hotlane-Pipeline"},
		{"an actor with a bidi control", func(r *Record) { r.Actor = "Jane \u2067Doe" }, "Hotlane-Actor"},
		{"an actor with space around", func(r *Record) { r.Actor = " Jane" }, "Hotlane-Actor"},
		{"a rollback of two builds", func(r *Record) { r.RollbackOf = "41 42" }, "Hotlane-Rollback-Of"},
		{"a time finer than a second", func(r *Record) { r.Time = r.Time.Add(time.Millisecond) }, "Hotlane-Time \"2026-11-22T06:00:00.001Z\" would be read back as \"2026-11-22T06:00:00Z\""},
	}
	for _, tt := range tests {
		r := ok
		tt.change(&r)
		err := r.CheckWritable()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: CheckWritable() = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	sha := "\nHotlane-Commit: " + strings.Repeat("a", 40) + "\n"
	for _, msg := range []string{"", "v1.2.3\n\nrelease notes", "Production release 1\n\nHotlane-Release: 1\n",
		"x\n\nHotlane-Release: 1\nHotlane-Commit: c\nHotlane-Time: yesterday\n",
		// records are untrusted: each field is what it says it is
		"x\n\nHotlane-Release: 1\nHotlane-Commit: deadbeef\n",
		"x\n\nHotlane-Release: 1 ##vso[task.complete]" + sha,
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Lane: hotfix/1 ##vso[task.setvariable variable=x]y\n",
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Source: ::error::x\n",
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Rollback-Of: a b\n",
		"x\n\nHotlane-Release: 4\u202e3" + sha,
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Environment: stag\u2066ing\n",
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Actor: a\u200fb\n",
		"x\n\nHotlane-Release: 1" + sha + "Hotlane-Pipeline: javascript:alert(1)\n",
	} {
		if _, err := Parse(msg); err == nil {
			t.Errorf("Parse(%q) accepted a message that is not a valid record", msg)
		}
	}
}
