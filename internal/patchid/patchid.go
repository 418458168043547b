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
	"strings"
)

// FromDiff computes the stable patch-id of one patch in git's diff format.
// It follows git's builtin/patch-id.c line by line (stable, not verbatim):
// per-file hashes of the diff lines with all white space removed, hunk
// headers and index lines skipped, summed so file order does not matter.
// It returns "" for an empty patch.
func FromDiff(patch string) string {
	var result [sha1.Size]byte
	ctx := sha1.New()
	flush := func() {
		sum := ctx.Sum(nil)
		ctx.Reset()
		carry := 0
		for i := range result {
			carry += int(result[i]) + int(sum[i])
			result[i] = byte(carry)
			carry >>= 8
		}
	}
	patchlen := 0
	before, after := -1, -1
	binary := false
	var preOID, postOID string

	lines := strings.SplitAfter(patch, "\n")
	for _, line := range lines {
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, `\ `) && len(line) > 12 {
			continue // "\ No newline at end of file"
		}
		if patchlen == 0 && !strings.HasPrefix(line, "diff ") {
			continue
		}
		if before == -1 {
			switch {
			case strings.HasPrefix(line, "GIT binary patch") || strings.HasPrefix(line, "Binary files"):
				binary = true
				before = 0
				ctx.Write([]byte(preOID))
				ctx.Write([]byte(postOID))
				flush()
				continue
			case strings.HasPrefix(line, "index "):
				preOID, postOID = parseIndexLine(line)
				continue
			case strings.HasPrefix(line, "--- "):
				before, after = 1, 1
			case !isAlpha(line[0]):
				return finish(&result, flush, patchlen)
			}
		}
		if binary {
			if strings.HasPrefix(line, "diff ") {
				binary = false
				before = -1
			}
			continue
		}
		if before == 0 && after == 0 {
			if strings.HasPrefix(line, "@@ -") {
				before, after = scanHunkHeader(line)
				continue
			}
			if !strings.HasPrefix(line, "diff ") {
				return finish(&result, flush, patchlen)
			}
			flush()
			before, after = -1, -1
		}
		switch line[0] {
		case '-':
			before--
		case '+':
			after--
		case ' ':
			before--
			after--
		}
		stripped := removeSpace(line)
		patchlen += len(stripped)
		ctx.Write([]byte(stripped))
	}
	return finish(&result, flush, patchlen)
}

func finish(result *[sha1.Size]byte, flush func(), patchlen int) string {
	flush()
	if patchlen == 0 {
		return ""
	}
	return hex.EncodeToString(result[:])
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
