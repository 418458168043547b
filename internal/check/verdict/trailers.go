package verdict

import (
	"regexp"
	"strings"
)

var (
	cherryPickedRE = regexp.MustCompile(`(?m)^\(cherry picked from commit ([0-9a-f]{7,64})\)\s*$`)
	backportOfRE   = regexp.MustCompile(`(?mi)^Backport-Of:[ \t]*([0-9a-f]{7,64})\b`)
	revertsRE      = regexp.MustCompile(`(?m)This reverts commit ([0-9a-f]{7,64})`)
	skipRE         = regexp.MustCompile(`(?mi)^Backport:[ \t]*skip\b[ \t]*(.*)$`)
	skipForRE      = regexp.MustCompile(`(?mi)^Backport-Skip:[ \t]*([0-9a-f]{7,64})\b[ \t]*(.*)$`)
)

// PickedFrom lists the commits a message says it was picked from.
func PickedFrom(message string) []string {
	var out []string
	// the substring tests spare most messages the regular expressions,
	// which the gate runs over thousands of main-line commits
	if strings.Contains(message, "(cherry picked from commit ") {
		for _, m := range cherryPickedRE.FindAllStringSubmatch(message, -1) {
			out = append(out, strings.ToLower(m[1]))
		}
	}
	if containsFold(message, "backport-of:") {
		for _, m := range backportOfRE.FindAllStringSubmatch(message, -1) {
			out = append(out, strings.ToLower(m[1]))
		}
	}
	return out
}

// containsFold says whether s holds substr (lower-case ASCII, starting
// with a letter) in any case.
func containsFold(s, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		if s[i]|0x20 == substr[0] && strings.EqualFold(s[i:i+len(substr)], substr) {
			return true
		}
	}
	return false
}

// reverts lists the commits a message says it reverts.
func reverts(message string) []string {
	if !strings.Contains(message, "This reverts commit ") {
		return nil
	}
	var out []string
	for _, m := range revertsRE.FindAllStringSubmatch(message, -1) {
		out = append(out, m[1])
	}
	return out
}

// skip reports a "Backport: skip <reason>" trailer; found is true even
// when the reason is missing.
func skip(message string) (reason string, found bool) {
	if !containsFold(message, "backport:") {
		return "", false
	}
	m := skipRE.FindStringSubmatch(message)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

// skipsFor lists "Backport-Skip: <sha> <reason>" trailers as sha → reason.
func skipsFor(message string) map[string]string {
	if !containsFold(message, "backport-skip:") {
		return nil
	}
	var out map[string]string
	for _, m := range skipForRE.FindAllStringSubmatch(message, -1) {
		if out == nil {
			out = map[string]string{}
		}
		out[strings.ToLower(m[1])] = strings.TrimSpace(m[2])
	}
	return out
}

// sameCommit says whether ref (a full or abbreviated sha from a trailer)
// names sha.
func sameCommit(ref, sha string) bool {
	return len(ref) >= 7 && strings.HasPrefix(sha, ref)
}

// WaivesOthers says whether message carries a "Backport-Skip: <sha>
// <reason>" trailer, a waiver of another commit.
func WaivesOthers(message string) bool { return len(skipsFor(message)) > 0 }
