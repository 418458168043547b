package patchid

import "strings"

// Lines is what a file's change removed and added, line by line, each
// line without its end: what the gate compares when two changes are not
// the same patch (an adapted copy, a revert, a claimed pick).
type Lines struct{ Removed, Added []string }

// ChangedLines diffs two versions of a file as the patch-id does (the
// same line diff) and returns the lines removed and added. ok is false
// when either side is binary: its lines cannot be compared.
func ChangedLines(old, new []byte) (lines Lines, ok bool) {
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
