package verdict

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The evidence teams leave when they backport by hand (docs/gate.md "Adopting
// hotlane"): subjects with release prefixes, pull-request numbers instead
// of shas, reverts named by subject.
var (
	leadingTagRE  = regexp.MustCompile(`^\s*(\[[^\]]*\]|\((?:backport|cherry[- ]pick)[^)]*\))\s*`)
	leadingWordRE = regexp.MustCompile(`(?i)^\s*(backport|cherry[- ]?pick(ed)?|release[-/ ]?[0-9.x]+)\s*(:|-)\s*`)
	trailingPRRE  = regexp.MustCompile(`\s*\(#\d+\)\s*$`)
	subjectPRRE   = regexp.MustCompile(`\(#(\d+)\)\s*$`)
	mergePRRE     = regexp.MustCompile(`^Merge pull request #(\d+)\b`)
	citedPRsRE    = regexp.MustCompile(`(?i)\b(?:backport(?:ed)?(?: of)?|cherry[- ]?pick(?:ed)?(?: of)?)\s+((?:#\d+(?:\s*(?:,|and|&)\s*)?)+)`)
	prNumberRE    = regexp.MustCompile(`#(\d+)`)
	revertSubject = regexp.MustCompile(`^Revert "(.+)"\s*$`)
)

// NormalizeSubject is a subject with what backports add to it taken off:
// leading "[release/2.2]" or "[backport]" tags and "Backport:" words,
// trailing "(#123)" pull-request numbers; spaces folded, lower case. Two
// commits with the same normalised subject very likely carry the same fix.
//
// The analysis normalises every main-line subject several times: each
// expression runs only where the subject's first or last character lets
// it match (most subjects start with a word of their own and end without
// a parenthesis).
func NormalizeSubject(subject string) string {
	s := subject
	for {
		t := s
		if startsWithAny(t, "[(") {
			t = leadingTagRE.ReplaceAllString(t, "")
		}
		if startsWithAny(t, "bBcCrR") { // backport, cherry-pick, release: no other letter folds to these
			t = leadingWordRE.ReplaceAllString(t, "")
		}
		if strings.HasSuffix(strings.TrimRight(t, reSpace), ")") {
			t = trailingPRRE.ReplaceAllString(t, "")
		}
		if t == s {
			break
		}
		s = t
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// reSpace is what \s matches in a regular expression.
const reSpace = "\t\n\f\r "

// startsWithAny says whether s, past the spaces \s matches, starts with
// one of the bytes of chars.
func startsWithAny(s, chars string) bool {
	s = strings.TrimLeft(s, reSpace)
	return s != "" && strings.IndexByte(chars, s[0]) >= 0
}

// mergedPR is the pull request a main-line commit merged: "(#N)" at the end
// of a squash merge's subject, or GitHub's "Merge pull request #N".
func mergedPR(subject string) (int, bool) {
	for _, re := range []*regexp.Regexp{subjectPRRE, mergePRRE} {
		if m := re.FindStringSubmatch(subject); m != nil {
			n, err := strconv.Atoi(m[1])
			return n, err == nil
		}
	}
	return 0, false
}

// citedPRs lists the pull requests a hotfix says it carries: those its
// message cites as "Cherry-pick #N", "Backport of #N, #M"; failing those,
// the "(#N)" at the end of its subject.
func citedPRs(c Commit) []int {
	seen := map[int]bool{}
	for _, m := range citedPRsRE.FindAllStringSubmatch(mayCitePRs(c.Message), -1) {
		for _, n := range prNumberRE.FindAllStringSubmatch(m[1], -1) {
			if v, err := strconv.Atoi(n[1]); err == nil {
				seen[v] = true
			}
		}
	}
	if len(seen) == 0 {
		if n, ok := mergedPR(c.Subject); ok && !mergePRRE.MatchString(c.Subject) {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// mayCitePRs is message when citedPRsRE can match it, else "": the
// expression needs a '#' and "cherry" or "backport" (whose letters have no
// case fold outside ASCII), and most main-line messages have neither.
func mayCitePRs(message string) string {
	if strings.IndexByte(message, '#') < 0 || !containsFold(message, "cherry") && !containsFold(message, "port") {
		return ""
	}
	return message
}

// revertedSubject is the subject a `Revert "<subject>"` commit reverts.
func revertedSubject(subject string) (string, bool) {
	m := revertSubject.FindStringSubmatch(subject)
	if m == nil {
		return "", false
	}
	return m[1], true
}
