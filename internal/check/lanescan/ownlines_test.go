package lanescan

import (
	"strings"
	"testing"
)

// ownLinesByStrings is ownLines as it was first written, with a string
// for each line: the reference the numbered version is compared with.
func ownLinesByStrings(result []byte, parents [][]byte) bool {
	lines := func(data []byte) []string {
		out := []string{}
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(l) != "" {
				out = append(out, strings.TrimRight(l, "\r"))
			}
		}
		return out
	}
	inSome, inEvery := map[string]bool{}, map[string]int{}
	for _, p := range parents {
		if p == nil {
			continue
		}
		seen := map[string]bool{}
		for _, l := range lines(p) {
			inSome[l] = true
			if !seen[l] {
				seen[l] = true
				inEvery[l]++
			}
		}
	}
	inResult := map[string]bool{}
	for _, l := range lines(result) {
		inResult[l] = true
		if !inSome[l] {
			return true
		}
	}
	for l, n := range inEvery {
		if n == len(parents) && !inResult[l] {
			return true
		}
	}
	return false
}

func TestOwnLines(t *testing.T) {
	for _, tc := range []struct {
		name    string
		result  string
		parents []string // "<none>": the parent lacks the file
		own     bool
	}{
		{"one side's lines", "a\nb\n", []string{"a\n", "a\nb\n"}, false},
		{"both sides' lines", "a\nb\nc\n", []string{"a\nb\n", "a\nc\n"}, false},
		{"a line no parent has", "a\nx\n", []string{"a\n", "a\n"}, true},
		{"a line every parent has, dropped", "b\n", []string{"a\nb\n", "a\nc\n"}, true},
		{"a line one parent dropped", "a\n", []string{"a\nb\n", "a\n"}, false},
		{"blank lines and carriage returns ignored", "a\r\n\n  \nb\n", []string{"a\n\n", "b\r\n"}, false},
		{"a line repeated", "a\na\na\n", []string{"a\n", "a\nb\n"}, false},
		{"no parent has the file", "a\n", []string{"<none>", "<none>"}, true},
		{"a parent lacks it: nothing every parent has", "b\n", []string{"a\nb\n", "<none>"}, false},
		{"an empty parent version", "", []string{"", "a\n"}, false},
		{"an empty result", "", []string{"a\n", "a\n"}, true},
		{"no line end at the end", "a\nb", []string{"a\n", "b"}, false},
		{"leading space is content", " a\n", []string{"a\n", "a\n"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			result, parents := split(tc.result, tc.parents)
			if got := ownLines(result, parents); got != tc.own {
				t.Errorf("ownLines = %v, want %v", got, tc.own)
			}
			if ref := ownLinesByStrings(result, parents); ref != tc.own {
				t.Errorf("the reference says %v, want %v", ref, tc.own)
			}
		})
	}
}

func split(result string, parents []string) ([]byte, [][]byte) {
	var out [][]byte
	for _, p := range parents {
		if p == "<none>" {
			out = append(out, nil)
		} else {
			out = append(out, []byte(p))
		}
	}
	return []byte(result), out
}

// FuzzOwnLines: the numbered lines decide as the string-keyed reference
// does, for two or three parents (one of them maybe without the file).
func FuzzOwnLines(f *testing.F) {
	f.Add("a\nb\n", "a\n", "b\n", "", false, false)
	f.Add("a\r\nx\n\n", "a\nb\n", "b\n \n", "a\n", true, false)
	f.Add("b\n", "a\nb\n", "", "b\n", true, true)
	f.Add("", "", "", "", false, false)
	f.Fuzz(func(t *testing.T, result, p1, p2, p3 string, third, lacks bool) {
		parents := []string{p1, p2}
		if third {
			parents = append(parents, p3)
		}
		if lacks {
			parents[1] = "<none>"
		}
		r, ps := split(result, parents)
		if got, want := ownLines(r, ps), ownLinesByStrings(r, ps); got != want {
			t.Errorf("ownLines(%q, %q) = %v, the reference %v", result, parents, got, want)
		}
	})
}
