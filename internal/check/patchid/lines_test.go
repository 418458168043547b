package patchid

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// wholeFileLines is ChangedLines as it was first written, the reference
// the trimmed one must agree with: every line of both versions split,
// then the patch-id's diff over them.
func wholeFileLines(old, new []byte) (lines Lines, ok bool) {
	if isBinary(old) || isBinary(new) {
		return Lines{}, false
	}
	a, b := splitLines(old), splitLines(new)
	for _, o := range diffLines(a, b) {
		switch o.kind {
		case '-':
			lines.Removed = append(lines.Removed, strings.TrimRight(a[o.a], "\r\n"))
		case '+':
			lines.Added = append(lines.Added, strings.TrimRight(b[o.b], "\r\n"))
		}
	}
	return lines, true
}

// changedLineCases are changes whose ends are easy to get wrong: a last
// line without its end, a change that slides down into the common end, a
// common end that starts inside a line, one side the other's prefix.
var changedLineCases = [][2]string{
	{"", ""},
	{"", "a\n"},
	{"a\n", ""},
	{"x\ny", "x\ny\n"},
	{"x\ny\n", "x\ny"},
	{"a\nb\n", "a\nb\na\nb\n"},
	{"k\nb\n", "k\nc\nb\n"},
	{"x\nab\n", "x\ncb\n"},
	{"a\nb\nc\n", "a\nB\nc\nd\n"},
	{"}\n}\n}\n", "}\n}\n}\n}\n"},
	{"f()\n}\n\ng()\n}\n", "f()\n}\n\nh()\n}\n\ng()\n}\n"},
	{"a\nb\nb\nb\nc\n", "a\nb\nb\nb\nb\nb\nc\n"},
	{"same\n", "same\n"},
	{"a\r\nb\r\n", "a\r\nc\r\n"},
	{"one\ntwo\nthree", "one\n2\nthree"},
	{"abc", "abd"},
	{"ab\ncd\n", "xab\ncd\n"},
	{"\n\na\na\nc\n", "a\na\n\nb\na\nc\n"}, // a group slides down into the common end
}

// wholeFileHunks is the hunks as first written: of every line of both
// versions.
func wholeFileHunks(old, new []byte) string {
	var b strings.Builder
	a, c := splitLines(old), splitLines(new)
	writeHunks(&b, diffLines(a, c), a, c, 0)
	return b.String()
}

// agreeWithWholeFiles fails t when ChangedLines or writeChange, which
// split only what the diff can reach, say other than the whole-file diff.
func agreeWithWholeFiles(t *testing.T, old, new []byte) {
	t.Helper()
	got, gotOK := ChangedLines(old, new)
	want, wantOK := wholeFileLines(old, new)
	if gotOK != wantOK || !reflect.DeepEqual(got, want) {
		t.Fatalf("ChangedLines(%q, %q) = %q %v, the whole-file diff says %q %v", old, new, got, gotOK, want, wantOK)
	}
	var b strings.Builder
	writeChange(&b, old, new)
	if whole := wholeFileHunks(old, new); b.String() != whole {
		t.Fatalf("writeChange(%q, %q) wrote\n%s\nthe whole-file diff writes\n%s", old, new, b.String(), whole)
	}
}

func TestChangedLinesAgreesWithTheWholeFileDiff(t *testing.T) {
	for _, c := range changedLineCases {
		t.Run("", func(t *testing.T) { agreeWithWholeFiles(t, []byte(c[0]), []byte(c[1])) })
	}
}

// TestHunksOfLargeFiles: a change deep inside a long file, and groups
// sliding down into the lines its cut end keeps, write the same hunks
// (line numbers included) as the whole files do.
func TestHunksOfLargeFiles(t *testing.T) {
	var long strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&long, "line %d\n", i%50)
	}
	base := long.String()
	cases := [][2]string{
		{base, strings.Replace(base, "line 7\n", "line seven\n", 1)},
		{base, base[:len(base)/2] + "inserted\n" + base[len(base)/2:]},
		{base + "x\ny\n", base + "x\nx\nx\nx\nx\nx\nx\nx\nx\ny\n"},
		{"a\n" + base, "b\n" + base},
		{base + "a\n" + base, base + "b\n" + base}, // common ends compared 64 bytes at a time, then byte by byte
		{base[:1000] + "ab" + base, base[:1000] + "ac" + base},
		{base + "end", base + "end\n"},
		{strings.Repeat("}\n", 40) + "f\n", strings.Repeat("}\n", 41) + "f\n"},
		// an added group slides down through twenty lines of the common end
		{base + "Q\n" + strings.Repeat("L\nM\n", 10) + base, base + strings.Repeat("L\nM\n", 11) + base},
	}
	for _, c := range cases {
		agreeWithWholeFiles(t, []byte(c[0]), []byte(c[1]))
	}
}

func FuzzChangedLines(f *testing.F) {
	for _, c := range changedLineCases {
		f.Add([]byte(c[0]), []byte(c[1]))
	}
	f.Fuzz(func(t *testing.T, old, new []byte) {
		agreeWithWholeFiles(t, old, new)
	})
}

// TestChangedLinesAgreesOnRepetitiveFiles compares the two on files of a
// few repeated lines (braces, blank lines), where groups slide: seeded,
// so that a failure repeats.
func TestChangedLinesAgreesOnRepetitiveFiles(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 1))
	words := []string{"}\n", "\n", "a\n", "b\n", "}", "a"}
	file := func() []byte {
		var b []byte
		for n := r.IntN(12); n > 0; n-- {
			b = append(b, words[r.IntN(len(words)-2)]...)
		}
		if r.IntN(4) == 0 {
			b = append(b, words[len(words)-2+r.IntN(2)]...) // a last line without its end
		}
		return b
	}
	for i := 0; i < 5000; i++ {
		old := file()
		new := append(append([]byte{}, old[:r.IntN(len(old)+1)]...), file()...)
		if r.IntN(2) == 0 {
			new = append(new, old[r.IntN(len(old)+1):]...)
		}
		agreeWithWholeFiles(t, old, new)
	}
}

// TestLineIDsWhenHashesCollide: lines that share a hash still get
// numbers of their own, the same line the same number, in the order first
// seen, as when every hash differs.
func TestLineIDsWhenHashesCollide(t *testing.T) {
	lines := [][]byte{[]byte("a\n"), []byte("b\n"), []byte("a\n"), []byte("c"), []byte("b\n"), []byte("c"), []byte("d\n")}
	want := []int{0, 1, 0, 2, 1, 2, 3}
	for _, hash := range []func([]byte) uint64{
		func([]byte) uint64 { return 7 },                   // every line collides
		func(l []byte) uint64 { return uint64(len(l)) },    // some do
		func(l []byte) uint64 { return uint64(l[0]) << 8 }, // none does
	} {
		ids := &lineIDs{hash: hash, byHash: map[uint64]int{}}
		if _, ok := ids.find([]byte("a\n")); ok {
			t.Errorf("found a line before any was numbered")
		}
		if got := ids.number(lines); !slices.Equal(got, want) {
			t.Errorf("numbered %q as %v, want %v", lines, got, want)
		}
		for i, l := range lines {
			if id, ok := ids.find(l); !ok || id != want[i] {
				t.Errorf("found %q as %d, %v; want %d", l, id, ok, want[i])
			}
		}
		for _, l := range []string{"e\n", "a", "b", "c\n", "\n"} {
			if id, ok := ids.find([]byte(l)); ok {
				t.Errorf("found %q, never numbered, as %d", l, id)
			}
		}
	}
}
