package naming

import (
	"strings"
	"unicode"
)

// CompareBuilds orders build ids the way people read them: runs of digits
// compare as numbers, so "9" < "10" and "20261122.3" < "20261122.12"; other
// runs compare as text. It returns -1, 0 or +1.
func CompareBuilds(a, b string) int {
	for a != "" && b != "" {
		ra, restA := nextRun(a)
		rb, restB := nextRun(b)
		if c := compareRun(ra, rb); c != 0 {
			return c
		}
		a, b = restA, restB
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	default:
		return 1
	}
}

func nextRun(s string) (run, rest string) {
	digit := isDigit(rune(s[0]))
	i := 1
	for i < len(s) && isDigit(rune(s[i])) == digit {
		i++
	}
	return s[:i], s[i:]
}

func compareRun(a, b string) int {
	if isDigit(rune(a[0])) && isDigit(rune(b[0])) {
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(a) != len(b) {
			if len(a) < len(b) {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

func isDigit(r rune) bool { return r < 128 && unicode.IsDigit(r) }
