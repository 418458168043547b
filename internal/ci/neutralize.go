package ci

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

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
//   - Azure DevOps' "##vso[" and "##[" (recognised anywhere in a line),
//     a trailing "##", and a leading "::" (a GitHub workflow command once
//     leading white space is trimmed) are broken with an invisible word
//     joiner (breakCommands).
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
	return breakCommands(b.String(), true)
}

// breakCommands breaks, with an invisible word joiner, what a runner reads
// as a command in one line of text, and nothing else:
//   - "##vso[" anywhere in the line: the Azure Pipelines agent looks for it
//     with IndexOf, so a prefix does not hide it;
//   - "##[" anywhere: Azure's formatting commands (##[group], ##[error]...)
//     and the GitHub runner's legacy commands, which it also finds with
//     IndexOf;
//   - "::" at the start of the line once white space is trimmed: GitHub's
//     workflow commands (the runner trims with .NET's TrimStart, which
//     takes every Unicode space, a no-break space too).
//
// A markdown heading ("### hotfix/41") stays a heading: no runner reads
// "#" before a space. "###vso[" is broken where "##vso[" starts. fragment
// says the text will be joined to more: a trailing "##" is broken too, as
// the text after it may open a command.
func breakCommands(s string, fragment bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '#' && i+1 < len(s) && s[i+1] == '#' && opensCommand(s[i+2:], fragment) {
			b.WriteString(wordJoiner)
		}
	}
	out := b.String()
	if trimmed := strings.TrimLeftFunc(out, unicode.IsSpace); strings.HasPrefix(trimmed, "::") {
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
	if r < utf8.RuneSelf { // ASCII has no format character or separator
		return false
	}
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

// opensCommand says rest, after a "##", makes it a runner's command: "[" or
// "vso[" (in any case, to be safe); in a fragment, also nothing yet.
func opensCommand(rest string, fragment bool) bool {
	if rest == "" {
		return fragment
	}
	return rest[0] == '[' || len(rest) >= 4 && strings.EqualFold(rest[:4], "vso[")
}
