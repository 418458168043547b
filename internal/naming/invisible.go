package naming

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Invisible says whether r changes how text reads without being seen: a
// control character (Cc), a format character (Cf: the bidi controls
// U+202A-U+202E, U+2066-U+2069, U+200E, U+200F and U+061C that reorder
// what is shown, the zero-width spaces and joiners, the tag characters
// that hide text), or a line or paragraph separator (Zl, Zp). Names
// refuse them all; what is printed shows them as escapes (package ci).
//
// ASCII is answered without the tables: everything hotlane prints passes
// through here a character at a time, and most of it is ASCII, where only
// the C0 controls and DEL are invisible (TestInvisibleAsUnicodeSays
// compares every rune with the tables).
func Invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 || r == 0x7f
	}
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// CheckVisible reports the first invisible character of s (see Invisible)
// or an encoding error, so that a name reads as what it is.
func CheckVisible(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("is not valid UTF-8")
	}
	for _, r := range s {
		if Invisible(r) {
			if r < 0x80 {
				return fmt.Errorf("contains the control character %U", r)
			}
			return fmt.Errorf("contains the invisible character %U", r)
		}
	}
	return nil
}
