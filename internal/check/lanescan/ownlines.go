package lanescan

import (
	"bytes"

	"github.com/hotlane/hotlane/internal/check/patchid"
)

// ownLines says whether a merge's result version of a file (text, not
// binary) has lines of its own against its parents' versions (nil where
// a parent lacks the file): a line that no parent's version has, or the
// lack of a line that every parent's version has. Lines are compared as
// content, without a trailing "\r", and blank lines are ignored.
//
// The lines are numbered, not copied: a merge of two large vendored files
// compares them without a string for each line.
func ownLines(result []byte, parents [][]byte) bool {
	size := bytes.Count(result, []byte{'\n'})
	for _, p := range parents {
		size += bytes.Count(p, []byte{'\n'})
	}
	ids := patchid.NewLineNumbers(size)
	var count, lastIn []int // by number: how many parents have the line, the last one seen to
	for i, p := range parents {
		if p == nil {
			continue
		}
		eachSignificantLine(p, func(l []byte) {
			id := ids.Number(l)
			if id == len(count) {
				count, lastIn = append(count, 0), append(lastIn, -1)
			}
			if lastIn[id] != i {
				lastIn[id] = i
				count[id]++
			}
		})
	}
	inResult := make([]bool, len(count))
	own := false
	eachSignificantLine(result, func(l []byte) {
		if id, ok := ids.Find(l); ok {
			inResult[id] = true
		} else {
			own = true // a line no parent has
		}
	})
	if own {
		return true
	}
	for id, n := range count {
		if n == len(parents) && !inResult[id] {
			return true // a line every parent has, dropped
		}
	}
	return false
}

// eachSignificantLine calls f with each line of data that is not blank,
// without its "\n" and trailing "\r"s.
func eachSignificantLine(data []byte, f func([]byte)) {
	for line := range bytes.Lines(data) {
		if line = bytes.TrimSuffix(line, []byte{'\n'}); len(bytes.TrimSpace(line)) > 0 {
			f(bytes.TrimRight(line, "\r"))
		}
	}
}
