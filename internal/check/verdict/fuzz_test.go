package verdict

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// proseSHA is what hexWords finds, as the expression it replaces.
var proseSHA = regexp.MustCompile(`\b[0-9a-f]{7,40}\b`)

// FuzzTrailers: trailer parsing never panics, and the analysis of a lane
// whose messages are arbitrary text never panics either.
func FuzzTrailers(f *testing.F) {
	f.Add("fix\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)")
	f.Add("Backport: skip\nBackport-Skip: abcdef1 reason\nThis reverts commit abcdef1234.")
	f.Add("Revert \"x\"\n\nalready merged to main (fedcba98765), Backport of #5, #6 (#7)")
	f.Add("BACKPORTED OF #12 and #13, cherry-picked #4; a0b1c2d_ x0123456789 0123456789abcdef0123456789abcdef012345678 _abcdef1")
	f.Fuzz(func(t *testing.T, msg string) {
		_ = PickedFrom(msg)
		_ = reverts(msg)
		_, _ = skip(msg)
		_ = skipsFor(msg)
		for _, r := range proseRefs(msg) {
			if len(r) < 7 || len(r) > 40 {
				t.Fatalf("prose ref %q", r)
			}
		}
		for _, s := range []string{msg, strings.ToLower(msg)} {
			if got, want := hexWords(s), proseSHA.FindAllString(s, -1); !slices.Equal(got, want) {
				t.Fatalf("hexWords(%q) = %q, the expression finds %q", s, got, want)
			}
		}
		if citedPRsRE.MatchString(msg) && mayCitePRs(msg) == "" {
			t.Fatalf("mayCitePRs rules out %q, which cites pull requests", msg)
		}
		set := NewLaneSet(1)
		set.Add(0)
		in := Input{Lanes: []Lane{{Name: "hotfix/1", Commits: []Commit{{SHA: "abcdef1234567890abcdef1234567890abcdef12", Message: msg}, {SHA: "1234567abcdef1234567abcdef1234567abcdef0", Message: msg}}}},
			MainLine: []MainCommit{{Commit: Commit{SHA: "fedcba9876543210fedcba9876543210fedcba98", Message: msg}, Lanes: set}}}
		analyze(t, in)
		// every claim related: nothing a message says may then panic either
		analyze(t, related(in))
	})
}
