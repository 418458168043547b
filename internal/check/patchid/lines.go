package patchid

import (
	"bytes"
	"hash/maphash"
)

// Lines is what a file's change removed and added, line by line, each
// line without its end: what the gate compares when two changes are not
// the same patch (an adapted copy, a revert, a claimed pick).
type Lines struct{ Removed, Added []string }

// ChangedLines diffs two versions of a file as the patch-id does (the
// same line diff) and returns the lines removed and added. ok is false
// when either side is binary: its lines cannot be compared.
//
// Only the lines between the two versions' common beginning and end are
// split and compared (found on the bytes, at line ends): a change of a
// few lines in a large vendored file costs a scan of it, not a copy of
// every line. The common end is read line by line only as far as a
// change slides down into it, as the patch-id's diff slides it. Lines are
// slices of old and new, numbered by their hashes (lineIDs): only the
// changed lines returned are copied.
func ChangedLines(old, new []byte) (lines Lines, ok bool) {
	if isBinary(old) || isBinary(new) {
		return Lines{}, false
	}
	pre, sufA, sufB := commonEnds(old, new)
	a, b := byteLines(old[pre:sufA]), byteLines(new[pre:sufB])
	ids := newLineIDs(len(a) + len(b))
	delA, addB := make([]bool, len(a)), make([]bool, len(b))
	myers(ids.number(a), ids.number(b), delA, addB)
	tail := old[sufA:] // the common end: the same bytes in new
	lines.Removed = changed(slideInto(a, delA, tail))
	lines.Added = changed(slideInto(b, addB, tail))
	return lines, true
}

// commonEnds finds the versions' common beginning, old[:pre] and
// new[:pre], and common end, old[sufA:] and new[sufB:], each made of
// whole lines and not overlapping.
func commonEnds(a, b []byte) (pre, sufA, sufB int) {
	n := min(len(a), len(b))
	p := 0
	for p+chunk <= n && bytes.Equal(a[p:p+chunk], b[p:p+chunk]) {
		p += chunk
	}
	for p < n && a[p] == b[p] {
		p++
	}
	if p == len(a) && p == len(b) {
		return p, p, p // the same content: every line in common
	}
	pre = bytes.LastIndexByte(a[:p], '\n') + 1
	s := 0
	for s+chunk <= n-pre && bytes.Equal(a[len(a)-s-chunk:len(a)-s], b[len(b)-s-chunk:len(b)-s]) {
		s += chunk
	}
	for s < n-pre && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	sufA, sufB = len(a)-s, len(b)-s
	// the common end starts at a line's start in both versions
	if (sufA > 0 && a[sufA-1] != '\n') || (sufB > 0 && b[sufB-1] != '\n') {
		if i := bytes.IndexByte(a[sufA:], '\n'); i >= 0 {
			sufA, sufB = sufA+i+1, sufB+i+1
		} else {
			sufA, sufB = len(a), len(b)
		}
	}
	return pre, sufA, sufB
}

// chunk is how many bytes commonEnds compares at once before it goes byte
// by byte.
const chunk = 64

// lineIDs numbers lines in the order they are first seen, the same line
// the same number, for the line diff to compare numbers. A line is looked
// up by its hash and then compared with the line first seen with that
// hash; the rare other line of the same hash is looked up by its content.
// Nothing is copied (a string key for each distinct line was most of the
// time of a large lock file's diff).
type lineIDs struct {
	hash   func([]byte) uint64
	byHash map[uint64]int // the number of the first line seen with a hash
	lines  [][]byte       // the lines by number
	others map[string]int // lines whose hash an earlier, different line has
}

func newLineIDs(size int) *lineIDs {
	seed := maphash.MakeSeed()
	return &lineIDs{hash: func(l []byte) uint64 { return maphash.Bytes(seed, l) }, byHash: make(map[uint64]int, size)}
}

// number numbers lines.
func (t *lineIDs) number(lines [][]byte) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		out[i] = t.id(l)
	}
	return out
}

func (t *lineIDs) id(l []byte) int {
	h := t.hash(l)
	id, ok := t.byHash[h]
	switch {
	case !ok:
		t.byHash[h] = len(t.lines)
	case bytes.Equal(t.lines[id], l):
		return id
	default:
		if id, ok := t.others[string(l)]; ok {
			return id
		}
		if t.others == nil {
			t.others = map[string]int{}
		}
		t.others[string(l)] = len(t.lines)
	}
	t.lines = append(t.lines, l)
	return len(t.lines) - 1
}

// find is the number of l, if it has one.
func (t *lineIDs) find(l []byte) (int, bool) {
	id, ok := t.byHash[t.hash(l)]
	switch {
	case !ok:
		return 0, false
	case bytes.Equal(t.lines[id], l):
		return id, true
	}
	id, ok = t.others[string(l)]
	return id, ok
}

// LineNumbers numbers distinct lines exactly as the line diff does (by
// hash, then by content), for callers that compare sets of lines without
// a string key, and so a copy, for each. The lines are kept as given, not
// copied: they must not change while the numbers are used.
type LineNumbers struct{ ids *lineIDs }

// NewLineNumbers is an empty numbering, sized for about size lines.
func NewLineNumbers(size int) LineNumbers { return LineNumbers{newLineIDs(size)} }

// Number is l's number, a new one (the count so far) if l is new.
func (n LineNumbers) Number(l []byte) int { return n.ids.id(l) }

// Find is l's number, if l has been numbered.
func (n LineNumbers) Find(l []byte) (int, bool) { return n.ids.find(l) }

// byteLines splits data into lines that keep their "\n" (a last line
// without one stays without), as slices of data.
func byteLines(data []byte) [][]byte {
	lines := make([][]byte, 0, bytes.Count(data, []byte{'\n'})+1)
	for i := 0; i < len(data); {
		end := lineEnd(data, i)
		lines = append(lines, data[i:end])
		i = end
	}
	return lines
}

// slideInto is slideDown over lines followed by the common end tail: a
// group slides into the tail as far as its lines allow, the tail split a
// line at a time as it does. It returns the lines, with those of the tail
// it reached, and their marks.
func slideInto(lines [][]byte, marks []bool, tail []byte) ([][]byte, []bool) {
	pos := 0
	more := func() bool {
		if pos == len(tail) {
			return false
		}
		end := lineEnd(tail, pos)
		lines = append(lines, tail[pos:end])
		pos = end
		return true
	}
	marks = slideDown(marks, func(i, j int) bool { return bytes.Equal(lines[i], lines[j]) }, more)
	return lines, marks
}

// changed is the marked lines, without their line ends.
func changed(lines [][]byte, marks []bool) []string {
	var out []string
	for i, l := range lines {
		if marks[i] {
			out = append(out, string(bytes.TrimRight(l, "\r\n")))
		}
	}
	return out
}
