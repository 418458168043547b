package ci

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/hotlane/hotlane/internal/naming"
)

// wordJoiner is invisible in CI logs, and breaks the byte sequences that
// the runners look for.
const wordJoiner = "\u2060"

// Neutralize makes untrusted text (commit subjects, author names, branch
// names) safe to print on one line of a CI log:
//   - control characters, line breaks and ANSI escapes become visible
//     escapes (\n, \x1b), so the text can neither start a new line nor
//     restyle the log;
//   - bidi controls and other invisible characters become visible escapes
//     (\u202e; see Hidden), so the text cannot read as what it is not;
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
		case Hidden(r):
			b.WriteString(EscapeRune(r))
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

// Hidden says whether r is shown as an escape rather than as itself: an
// invisible character (naming.Invisible: the bidi controls that reorder
// what a log shows, zero-width spaces, tag characters that hide text),
// but not the joiners that scripts and emoji need (U+200C, U+200D) nor
// the word joiner (U+2060) that hotlane itself writes to break commands.
// Control characters (which have their own escapes, and include the line
// breaks of a document) are not Hidden.
func Hidden(r rune) bool {
	switch r {
	case '\u200c', '\u200d', '\u2060':
		return false
	}
	return naming.Invisible(r) && !unicode.IsControl(r)
}

// EscapeRune writes r as JSON and JavaScript do: \u202e, and a character
// beyond U+FFFF as its two UTF-16 halves (\udb40\udc41), so that an escape
// in a JSON document is still that document's character.
func EscapeRune(r rune) string {
	if r <= 0xffff {
		return fmt.Sprintf(`\u%04x`, r)
	}
	hi, lo := utf16.EncodeRune(r)
	return fmt.Sprintf(`\u%04x\u%04x`, hi, lo)
}
