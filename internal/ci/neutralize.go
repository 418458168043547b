package ci

import (
	"fmt"
	"strings"
	"unicode"
)

// wordJoiner is invisible in CI logs, and breaks the byte sequences that
// the runners look for.
const wordJoiner = "\u2060"

// Neutralize makes untrusted text (commit subjects, author names, branch
// names) safe to print on one line of a CI log:
//   - control characters, line breaks and ANSI escapes become visible
//     escapes (\n, \x1b), so the text can neither start a new line nor
//     restyle the log;
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

// opensCommand says rest, after a "##", makes it a runner's command: "[" or
// "vso[" (in any case, to be safe); in a fragment, also nothing yet.
func opensCommand(rest string, fragment bool) bool {
	if rest == "" {
		return fragment
	}
	return rest[0] == '[' || len(rest) >= 4 && strings.EqualFold(rest[:4], "vso[")
}
