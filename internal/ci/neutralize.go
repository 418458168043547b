package ci

import (
	"fmt"
	"strings"
)

// wordJoiner is invisible in CI logs, and breaks the byte sequences that
// the runners look for.
const wordJoiner = "\u2060"

// Neutralize makes untrusted text (commit subjects, author names, branch
// names) safe to print on one line of a CI log:
//   - control characters, line breaks and ANSI escapes become visible
//     escapes (\n, \x1b), so the text can neither start a new line nor
//     restyle the log;
//   - Azure DevOps' "##vso[" and "##[" (recognised anywhere in a line) are
//     broken with an invisible word joiner;
//   - a leading "::" (a GitHub workflow command once leading spaces are
//     trimmed) is broken the same way.
func Neutralize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(" ")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	for strings.Contains(out, "##") { // "###" needs two passes
		out = strings.ReplaceAll(out, "##", "#"+wordJoiner+"#")
	}
	if trimmed := strings.TrimLeft(out, " "); strings.HasPrefix(trimmed, "::") {
		pad := len(out) - len(trimmed)
		out = out[:pad] + ":" + wordJoiner + trimmed[1:]
	}
	return out
}
