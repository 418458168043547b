package patchid

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
)

// ZeroOID is the object id git prints for a side that does not exist.
const ZeroOID = "0000000000000000000000000000000000000000"

// File is one changed path of a commit: its old and new side. A side that
// does not exist has Mode 0.
type File struct {
	Path             string
	OldMode, NewMode uint32 // 0100644, 0100755, 0120000, 0160000, or 0
	OldOID, NewOID   string // full blob ids
	Old, New         []byte // contents; for a submodule "Subproject commit <sha>\n"
}

// ID returns the stable patch-id of the change made of files, which must
// be sorted by path as git sorts them; "" for no change.
func ID(files []File) string {
	var b strings.Builder
	for _, f := range files {
		WriteDiff(&b, f)
	}
	return FromDiff(b.String())
}

// WriteDiff writes f as git diff-tree -p --full-index does.
func WriteDiff(b *strings.Builder, f File) {
	a, bb := quotePath("a/"+f.Path), quotePath("b/"+f.Path)
	fmt.Fprintf(b, "diff --git %s %s\n", a, bb)
	switch {
	case f.OldMode == 0:
		fmt.Fprintf(b, "new file mode %06o\n", f.NewMode)
	case f.NewMode == 0:
		fmt.Fprintf(b, "deleted file mode %06o\n", f.OldMode)
	case f.OldMode != f.NewMode:
		fmt.Fprintf(b, "old mode %06o\nnew mode %06o\n", f.OldMode, f.NewMode)
	}
	oldOID, newOID := cmp.Or(f.OldOID, ZeroOID), cmp.Or(f.NewOID, ZeroOID)
	if oldOID == newOID {
		return // a mode change alone
	}
	if f.OldMode != 0 && f.NewMode != 0 && f.OldMode == f.NewMode {
		fmt.Fprintf(b, "index %s..%s %06o\n", oldOID, newOID, f.NewMode)
	} else {
		fmt.Fprintf(b, "index %s..%s\n", oldOID, newOID)
	}
	oldName, newName := a, bb
	if f.OldMode == 0 {
		oldName = "/dev/null"
	}
	if f.NewMode == 0 {
		newName = "/dev/null"
	}
	oldText, newText := f.Old, f.New
	if isBinary(oldText) || isBinary(newText) {
		fmt.Fprintf(b, "Binary files %s and %s differ\n", oldName, newName)
		return
	}
	if len(oldText) == 0 && len(newText) == 0 {
		return // an empty file created or deleted: no hunk
	}
	fmt.Fprintf(b, "--- %s\n+++ %s\n", oldName, newName)
	writeChange(b, oldText, newText)
}

// tailLines is how many lines of the versions' common end writeChange
// keeps: the context after the last change and room for a changed group
// to slide down.
const tailLines = 2*context + 2

// writeChange writes the hunks of the change from old to new, splitting
// only what the diff can reach: the common beginning is skipped but for
// its last lines of context (the hunks' line numbers count what was
// skipped), and of the common end tailLines lines are kept. When the
// diff reaches the end of what was kept (a group slid down to it, or its
// context runs into it), the versions are split whole and diffed again:
// the text is always what writeHunks writes of the whole files.
func writeChange(b *strings.Builder, old, new []byte) {
	pre, sufA, sufB := commonEnds(old, new)
	start := pre
	for k := 0; k < context && start > 0; k++ {
		start = bytes.LastIndexByte(old[:start-1], '\n') + 1
	}
	tail := old[sufA:] // the same bytes end new
	keep := 0
	for k := 0; k < tailLines && keep < len(tail); k++ {
		if i := bytes.IndexByte(tail[keep:], '\n'); i >= 0 {
			keep += i + 1
		} else {
			keep = len(tail)
		}
	}
	whole := keep == len(tail)
	a, c := splitLines(old[start:sufA+keep]), splitLines(new[start:sufB+keep])
	ops := diffLines(a, c)
	if !whole && reachesEnd(ops, len(a), len(c)) {
		a, c = splitLines(old), splitLines(new)
		writeHunks(b, diffLines(a, c), a, c, 0)
		return
	}
	writeHunks(b, ops, a, c, bytes.Count(old[:start], []byte{'\n'}))
}

// reachesEnd says whether a diff of cut versions (na and nc lines long)
// touches their last line: a change or its context there may go on in
// the lines that were cut.
func reachesEnd(ops []op, na, nc int) bool {
	for _, o := range ops {
		if o.a >= na-1 || o.b >= nc-1 {
			return true
		}
	}
	return false
}

// isBinary follows git: a NUL byte in the first 8000 bytes.
func isBinary(data []byte) bool {
	if len(data) > 8000 {
		data = data[:8000]
	}
	return bytes.IndexByte(data, 0) >= 0
}

// splitLines splits data into lines that keep their "\n"; a last line
// without one stays without.
func splitLines(data []byte) []string {
	lines := make([]string, 0, bytes.Count(data, []byte{'\n'})+1)
	s := string(data)
	for i := 0; i < len(data); {
		end := lineEnd(data, i)
		lines = append(lines, s[i:end])
		i = end
	}
	return lines
}

// lineEnd is where the line of data that starts at i ends: after its
// "\n", or at the end of data.
func lineEnd(data []byte, i int) int {
	if n := bytes.IndexByte(data[i:], '\n'); n >= 0 {
		return i + n + 1
	}
	return len(data)
}

const context = 3

// writeHunks writes the unified hunks of the change from a to c (ops, as
// diffLines found it) with three lines of context; changes closer than
// 2*context+1 lines share a hunk. a and c start after skipped lines
// common to both.
func writeHunks(b *strings.Builder, ops []op, a, c []string, skipped int) {
	for start := 0; start < len(ops); {
		first := start
		for first < len(ops) && ops[first].kind == ' ' {
			first++
		}
		if first == len(ops) {
			return
		}
		last := first // last changed op in this hunk
		for i := first; i < len(ops); i++ {
			if ops[i].kind != ' ' {
				if i-last-1 > 2*context {
					break
				}
				last = i
			}
		}
		from := max(first-context, 0)
		to := min(last+context+1, len(ops))
		writeHunk(b, ops[from:to], a, c, skipped)
		start = to
	}
}

func writeHunk(b *strings.Builder, ops []op, a, c []string, skipped int) {
	oldStart, newStart := ops[0].a+skipped, ops[0].b+skipped
	oldCount, newCount := 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			oldCount++
		}
		if o.kind != '-' {
			newCount++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(oldStart, oldCount), hunkRange(newStart, newCount))
	for _, o := range ops {
		var line string
		switch o.kind {
		case '+':
			line = c[o.b]
		default:
			line = a[o.a]
		}
		b.WriteByte(o.kind)
		b.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// quotePath quotes a path as git does with core.quotePath on: inside
// double quotes, with C escapes, when it holds a control character, a
// double quote, a backslash, or a byte of 0x80 or above.
func quotePath(p string) string {
	needs := false
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			needs = true
			break
		}
	}
	if !needs {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Part is one file's share of a patch-id.
type Part [sha1.Size]byte

// FilePart returns f's share of the patch-id of any change that contains
// f, when f's diff is a whole hunked text diff: git's patch-id sums one
// hash per such file, so the patch-id of a change made only of them is
// Combine of their parts, and two such changes with one part different
// cannot have the same patch-id. ok is false for a file whose diff has no
// hunks (a binary file, a mode change alone, an empty file added or
// removed): its lines run into the next file's hash, so only ID is exact
// for a change that holds one.
func FilePart(f File) (part Part, ok bool) {
	var b strings.Builder
	WriteDiff(&b, f)
	text := b.String()
	if !strings.Contains(text, "\n--- ") {
		return part, false
	}
	id := FromDiff(text)
	if id == "" {
		return part, false
	}
	if _, err := hex.Decode(part[:], []byte(id)); err != nil {
		return part, false
	}
	return part, true
}

// Combine adds parts the way git's patch-id adds its per-file hashes;
// "" for none.
func Combine(parts []Part) string {
	if len(parts) == 0 {
		return ""
	}
	var result [sha1.Size]byte
	for _, p := range parts {
		carry := 0
		for i := range result {
			carry += int(result[i]) + int(p[i])
			result[i] = byte(carry)
			carry >>= 8
		}
	}
	return hex.EncodeToString(result[:])
}
