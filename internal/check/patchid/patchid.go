// Package patchid owns patch identity: it renders a commit's change as git
// renders it (git diff-tree -p --full-index: same headers, same hunks with
// three lines of context, no rename detection) and computes its patch-id
// the way `git patch-id --stable` does, so that hotlane recognises a
// cherry-picked hotfix exactly as git cherry would. Pure: the caller hands
// it file contents.
package patchid

import (
	"crypto/sha1"
	"encoding/hex"
	"hash"
	"strings"
)

// FromDiff computes the stable patch-id of one patch in git's diff format.
// It follows git's builtin/patch-id.c line by line (stable, not verbatim):
// per-file hashes of the diff lines with all white space removed, hunk
// headers and index lines skipped, summed so file order does not matter.
// It returns "" for an empty patch.
func FromDiff(patch string) string {
	d := diffHasher{ctx: sha1.New(), before: -1, after: -1}
	for _, line := range strings.SplitAfter(patch, "\n") {
		if !d.feed(line) {
			break
		}
	}
	d.flush()
	if d.patchlen == 0 {
		return ""
	}
	return hex.EncodeToString(d.result[:])
}

// diffHasher is git's patch-id state machine over the lines of a diff.
type diffHasher struct {
	result          [sha1.Size]byte
	ctx             hash.Hash
	patchlen        int
	before, after   int // lines left in the hunk; -1: in a file's header
	binary          bool
	preOID, postOID string
}

// flush adds the current file's hash to the sum.
func (d *diffHasher) flush() {
	sum := d.ctx.Sum(nil)
	d.ctx.Reset()
	carry := 0
	for i := range d.result {
		carry += int(d.result[i]) + int(sum[i])
		d.result[i] = byte(carry)
		carry >>= 8
	}
}

// feed takes one line; false: the patch ended before it.
func (d *diffHasher) feed(line string) bool {
	switch {
	case line == "", strings.HasPrefix(line, `\ `) && len(line) > 12: // "\ No newline at end of file"
		return true
	case d.patchlen == 0 && !strings.HasPrefix(line, "diff "):
		return true
	}
	if d.before == -1 {
		if skip, ok := d.header(line); !ok || skip {
			return ok
		}
	}
	if d.binary {
		if strings.HasPrefix(line, "diff ") {
			d.binary, d.before = false, -1
		}
		return true
	}
	if d.before == 0 && d.after == 0 {
		if strings.HasPrefix(line, "@@ -") {
			d.before, d.after = scanHunkHeader(line)
			return true
		}
		if !strings.HasPrefix(line, "diff ") {
			return false
		}
		d.flush()
		d.before, d.after = -1, -1
	}
	switch line[0] {
	case '-':
		d.before--
	case '+':
		d.after--
	case ' ':
		d.before--
		d.after--
	}
	stripped := removeSpace(line)
	d.patchlen += len(stripped)
	d.ctx.Write([]byte(stripped))
	return true
}

// header reads a line of a file's header: skip says the line is done
// with; ok false says the patch ended.
func (d *diffHasher) header(line string) (skip, ok bool) {
	switch {
	case strings.HasPrefix(line, "GIT binary patch") || strings.HasPrefix(line, "Binary files"):
		d.binary, d.before = true, 0
		d.ctx.Write([]byte(d.preOID))
		d.ctx.Write([]byte(d.postOID))
		d.flush()
		return true, true
	case strings.HasPrefix(line, "index "):
		d.preOID, d.postOID = parseIndexLine(line)
		return true, true
	case strings.HasPrefix(line, "--- "):
		d.before, d.after = 1, 1
	case !isAlpha(line[0]):
		return false, false
	}
	return false, true
}

// parseIndexLine reads "index <pre>..<post>[ <mode>]".
func parseIndexLine(line string) (pre, post string) {
	p := strings.TrimPrefix(line, "index ")
	dots := strings.Index(p, "..")
	if dots < 0 {
		return "", ""
	}
	pre = p[:dots]
	rest := p[dots+2:]
	if sp := strings.IndexByte(rest, ' '); sp >= 0 {
		post = rest[:sp]
	} else {
		post = strings.TrimSuffix(rest, "\n")
	}
	return pre, post
}

// scanHunkHeader reads the line counts of "@@ -a,b +c,d @@"; a missing
// count is 1, as in git.
func scanHunkHeader(line string) (before, after int) {
	rest := strings.TrimPrefix(line, "@@ -")
	before, rest = scanRange(rest)
	if i := strings.Index(rest, "+"); i >= 0 {
		after, _ = scanRange(rest[i+1:])
	} else {
		after = 1
	}
	return before, after
}

func scanRange(s string) (count int, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < len(s) && s[i] == ',' {
		j := i + 1
		n := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int(s[j]-'0')
			j++
		}
		return n, s[j:]
	}
	return 1, s[i:]
}

func isAlpha(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// removeSpace drops every byte that C's isspace accepts.
func removeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
