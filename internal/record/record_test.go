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
	r := Record{Build: "1", Environment: "production", Commit: good, Lane: "hotfix/1",
		Pipeline: "evil\nHotlane-Commit: forged\r\nHotlane-Rollback-Of: 9"}
	got, err := Parse(r.Message())
	if err != nil {
		t.Fatal(err)
	}
	if got.Commit != good || got.RollbackOf != "" {
		t.Errorf("a value added trailers: %+v", got)
	}
	if strings.Count(r.Message(), "\n") != 7 {
		t.Errorf("message has extra lines:\n%s", r.Message())
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
	} {
		if _, err := Parse(msg); err == nil {
			t.Errorf("Parse(%q) accepted a message that is not a valid record", msg)
		}
	}
}
