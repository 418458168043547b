package record

import (
	"fmt"
	"strings"
	"time"
)

// BadPrefix is the tag namespace of bad-release marks: the mark of release
// tag prod-43 is the annotated tag hotlane-bad/prod-43. A mark never moves
// or deletes the release tag; it is a record of its own.
const BadPrefix = "hotlane-bad/"

// Bad marks a release as bad: who, when, why.
type Bad struct {
	Build  string
	Tag    string
	Reason string
	By     string
	Time   time.Time
}

// Trailer keys of a bad mark.
const (
	KeyBadRelease = "Hotlane-Bad-Release"
	KeyBadTag     = "Hotlane-Bad-Tag"
	KeyReason     = "Hotlane-Reason"
	KeyMarkedBy   = "Hotlane-Marked-By"
)

// Message renders the mark as a tag message.
func (b Bad) Message() string {
	var s strings.Builder
	fmt.Fprintf(&s, "Release %s marked bad\n\n", oneLine(b.Build))
	fmt.Fprintf(&s, "%s: %s\n%s: %s\n%s: %s\n", KeyBadRelease, oneLine(b.Build), KeyBadTag, oneLine(b.Tag), KeyReason, oneLine(b.Reason))
	if b.By != "" {
		fmt.Fprintf(&s, "%s: %s\n", KeyMarkedBy, oneLine(b.By))
	}
	if !b.Time.IsZero() {
		fmt.Fprintf(&s, "%s: %s\n", KeyTime, b.Time.UTC().Format(time.RFC3339))
	}
	return s.String()
}

// ParseBad reads a mark back.
func ParseBad(message string) (Bad, error) {
	var b Bad
	eachTrailer(message, func(key, value string) {
		switch key {
		case KeyBadRelease:
			b.Build = value
		case KeyBadTag:
			b.Tag = value
		case KeyReason:
			b.Reason = value
		case KeyMarkedBy:
			b.By = value
		case KeyTime:
			b.Time, _ = time.Parse(time.RFC3339, value)
		}
	})
	if b.Build == "" || b.Reason == "" {
		return Bad{}, fmt.Errorf("not a bad-release mark: it lacks %s or %s", KeyBadRelease, KeyReason)
	}
	return b, nil
}
