package record

import (
	"strings"
	"testing"
	"time"
)

func TestRetiredRoundTrip(t *testing.T) {
	t.Parallel()
	r := Retired{Build: "41", Tag: "prod-41", Lane: "hotfix/41", Tip: strings.Repeat("ab", 20),
		Reason: "all backported\nHotlane-Retired-Tip: " + strings.Repeat("0", 40), By: "Jane", Time: time.Date(2026, 11, 22, 8, 0, 0, 0, time.UTC)}
	if got, want := r.TagName(), "hotlane-retired/prod-41/abababababab"; got != want {
		t.Errorf("TagName() = %q, want %q", got, want)
	}
	got, err := ParseRetired(r.Message())
	if err != nil {
		t.Fatal(err)
	}
	want := r
	want.Reason = "all backported Hotlane-Retired-Tip: " + strings.Repeat("0", 40) // a reason cannot forge a trailer
	if got != want {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseRetiredRefusesWhatItCannotTrust(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("c", 40)
	tests := map[string]string{
		"a release record":            Record{Build: "41", Commit: sha}.Message(),
		"no reason":                   "Lane x retired\n\nHotlane-Retired-Lane: hotfix/41\nHotlane-Retired-Tip: " + sha + "\n",
		"a short tip":                 "x\n\nHotlane-Retired-Lane: hotfix/41\nHotlane-Retired-Tip: abc\nHotlane-Reason: done\n",
		"a lane that is not a branch": "x\n\nHotlane-Retired-Lane: hotfix/41 ##[error]x\nHotlane-Retired-Tip: " + sha + "\nHotlane-Reason: done\n",
	}
	for name, msg := range tests {
		if r, err := ParseRetired(msg); err == nil {
			t.Errorf("%s: accepted as %+v", name, r)
		}
	}
}

func TestInHotlaneNamespace(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]bool{"hotlane-bad/prod-4": true, "hotlane-retired/prod-4/abc": true, "prod-4": false, "hotlane-4": false} {
		if got := InHotlaneNamespace(tag); got != want {
			t.Errorf("InHotlaneNamespace(%q) = %v", tag, got)
		}
	}
}
