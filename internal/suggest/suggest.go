// Package suggest owns "did you mean": the known names closest to a
// misspelt one (a flag, a HOTLANE_* variable). Pure.
package suggest

import (
	"slices"
	"strings"
)

// Closest returns the candidates nearest to name: those at the smallest
// edit distance (case aside; a swap of two neighbours is one edit, so
// "bulid" is one from "build") within a limit that grows with the name's
// length, or else those that name is a prefix of ("dry" for "dry-run").
// The result is sorted; nil when nothing is near.
func Closest(name string, candidates []string) []string {
	name = strings.ToLower(name)
	best, limit := -1, limitFor(name)
	var out []string
	for _, c := range candidates {
		d := Distance(name, strings.ToLower(c))
		switch {
		case d > limit || best >= 0 && d > best:
			continue
		case best < 0 || d < best:
			best, out = d, nil
		}
		out = append(out, c)
	}
	if out == nil && len(name) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), name) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// limitFor is how many edits still read as a typo of a name this long:
// one in a short name, two from five letters, three from twelve.
func limitFor(name string) int {
	switch n := len(name); {
	case n < 5:
		return 1
	case n < 12:
		return 2
	default:
		return 3
	}
}

// Distance is the optimal string alignment distance between a and b (by
// byte): insertions, deletions, substitutions and swaps of two neighbours
// each count one.
func Distance(a, b string) int {
	// rows i-2, i-1 and i of the dynamic programme
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Phrase is "did you mean X?" or "did you mean X or Y?" for names, each
// written by format; "" when names is empty.
func Phrase(names []string, format func(string) string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = format(n)
	}
	if len(quoted) == 1 {
		return "did you mean " + quoted[0] + "?"
	}
	return "did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}
