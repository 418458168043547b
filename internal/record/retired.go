package record

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/naming"
)

// RetiredPrefix is the tag namespace of lane retirements: the retirement
// of the lane of release tag prod-41 at tip 3f2c1a9b8e7d is the annotated
// tag hotlane-retired/prod-41/3f2c1a9b8e7d, pointing at that tip. A lane
// that gets commits after a retirement is live again; retiring it again
// records its new tip under a name of its own, so no tag ever moves.
const RetiredPrefix = "hotlane-retired/"

// InHotlaneNamespace says tag is one of hotlane's own records about a
// release (a bad mark, a lane's retirement), never a release tag itself.
func InHotlaneNamespace(tag string) bool {
	return strings.HasPrefix(tag, BadPrefix) || strings.HasPrefix(tag, RetiredPrefix)
}

// Retired records that a lane was let go: its hotfixes were all settled
// and its release was current in no environment. Who, when, why, and the
// tip it was retired at.
type Retired struct {
	Build  string // the release whose lane it is
	Tag    string // that release's tag
	Lane   string
	Tip    string // full sha of the lane's tip when it was retired
	Reason string
	By     string
	Time   time.Time
}

// Trailer keys of a retirement.
const (
	KeyRetiredLane    = "Hotlane-Retired-Lane"
	KeyRetiredTip     = "Hotlane-Retired-Tip"
	KeyRetiredRelease = "Hotlane-Retired-Release"
	KeyRetiredTag     = "Hotlane-Retired-Tag"
	KeyRetiredBy      = "Hotlane-Retired-By"
)

// TagName is the retirement's tag: RetiredPrefix, the release tag, and
// the tip's first 12 hex digits.
func (r Retired) TagName() string { return RetiredPrefix + r.Tag + "/" + naming.Short(r.Tip) }

// Message renders the retirement as a tag message.
func (r Retired) Message() string {
	var s strings.Builder
	fmt.Fprintf(&s, "Lane %s retired\n\n", oneLine(r.Lane))
	for _, f := range [][2]string{{KeyRetiredLane, r.Lane}, {KeyRetiredTip, r.Tip}, {KeyRetiredRelease, r.Build},
		{KeyRetiredTag, r.Tag}, {KeyReason, r.Reason}, {KeyRetiredBy, r.By}} {
		if v := oneLine(f[1]); v != "" {
			fmt.Fprintf(&s, "%s: %s\n", f[0], v)
		}
	}
	if !r.Time.IsZero() {
		fmt.Fprintf(&s, "%s: %s\n", KeyTime, r.Time.UTC().Format(time.RFC3339))
	}
	return s.String()
}

// ParseRetired reads a retirement back. It is untrusted input (anyone who
// may push a tag can write one): the lane must be a branch name, the tip
// a full sha, and the reason given.
func ParseRetired(message string) (Retired, error) {
	var r Retired
	eachTrailer(message, func(key, value string) {
		switch key {
		case KeyRetiredLane:
			r.Lane = value
		case KeyRetiredTip:
			r.Tip = value
		case KeyRetiredRelease:
			r.Build = value
		case KeyRetiredTag:
			r.Tag = value
		case KeyReason:
			r.Reason = value
		case KeyRetiredBy:
			r.By = value
		case KeyTime:
			r.Time, _ = time.Parse(time.RFC3339, value)
		}
	})
	switch {
	case r.Lane == "" || r.Tip == "" || r.Reason == "":
		return Retired{}, fmt.Errorf("not a lane retirement: it lacks %s, %s or %s", KeyRetiredLane, KeyRetiredTip, KeyReason)
	case naming.CheckRefName(r.Lane) != nil:
		return Retired{}, fmt.Errorf("lane retirement: %s %q is not a branch name", KeyRetiredLane, r.Lane)
	case !shaRE.MatchString(r.Tip):
		return Retired{}, fmt.Errorf("lane retirement: %s %q is not a full commit sha (40 hex)", KeyRetiredTip, r.Tip)
	}
	return r, nil
}
