// Package naming owns the names hotlane gives to refs: the tag and branch
// templates, their placeholders, git's ref-name rules, and the ordering of
// build ids. It is pure: no I/O.
package naming

import (
	"fmt"
	"strings"
)

// CheckRefName reports why name (a short branch or tag name, such as
// "hotfix/43") is not a valid git ref name, following the rules of
// git check-ref-format --branch, and refuses what git accepts but a reader
// cannot see: invalid UTF-8, and invisible characters (Invisible: the bidi
// controls that reorder a name on screen, zero-width characters). It
// returns nil for a valid name.
func CheckRefName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("is empty")
	case name == "@":
		return fmt.Errorf("is the single character %q", "@")
	case name == "HEAD":
		return fmt.Errorf("is %q, which git reserves", "HEAD")
	case strings.HasPrefix(name, "-"):
		return fmt.Errorf("begins with %q", "-")
	case strings.HasPrefix(name, "refs/"):
		return fmt.Errorf("begins with %q: give the short name, hotlane adds refs/heads/ or refs/tags/", "refs/")
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
		return fmt.Errorf("begins or ends with %q", "/")
	case strings.Contains(name, "//"):
		return fmt.Errorf("contains %q", "//")
	case strings.HasSuffix(name, "."):
		return fmt.Errorf("ends with %q", ".")
	case strings.Contains(name, ".."):
		return fmt.Errorf("contains %q", "..")
	case strings.Contains(name, "@{"):
		return fmt.Errorf("contains %q", "@{")
	}
	if err := CheckVisible(name); err != nil {
		return err // git takes them; a name that hides what it says is refused
	}
	for _, r := range name {
		if strings.ContainsRune(" ~^:?*[\\", r) {
			return fmt.Errorf("contains %q", r)
		}
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return fmt.Errorf("has a component %q that begins with %q", part, ".")
		}
		if strings.HasSuffix(part, ".lock") {
			return fmt.Errorf("has a component %q that ends with %q", part, ".lock")
		}
	}
	return nil
}
