package retire

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/naming"
)

// Formats are the formats retire renders; the first is the default.
var Formats = []string{"text", "markdown"}

// Render says what retiring did, as text or markdown.
func Render(w io.Writer, format string, r Result) error {
	if format == "markdown" {
		_, err := io.WriteString(w, Markdown(r))
		return err
	}
	n := ci.Neutralize
	var b strings.Builder
	lane, build := n(r.Mark.Lane), n(r.Release.Record.Build)
	switch r.State {
	case Already:
		fmt.Fprintf(&b, "Lane %s (release %s) is already retired at %s by %s: %s\n", lane, build, naming.Short(r.Mark.Tip), n(r.Mark.By), n(r.Mark.Reason))
	case Meanwhile:
		fmt.Fprintf(&b, "Lane %s (release %s) was retired meanwhile by another run\n", lane, build)
	case WouldRetire:
		fmt.Fprintf(&b, "Dry run: nothing was changed. Would push tag %s retiring lane %s (release %s) at %s: %s\n",
			n(r.Mark.TagName()), lane, build, naming.Short(r.Mark.Tip), n(r.Mark.Reason))
		fmt.Fprintf(&b, "  hotfixes  %s, all settled on the main line\n", report.Count(r.Settled, "hotfix commit"))
	default:
		fmt.Fprintf(&b, "Retired lane %s (release %s, %s) at %s: %s\n", lane, build, n(r.Release.Tag), naming.Short(r.Mark.Tip), n(r.Mark.Reason))
		fmt.Fprintf(&b, "  hotfixes  %s, all settled on the main line\n", report.Count(r.Settled, "hotfix commit"))
		fmt.Fprintf(&b, "  record    tag %s, by %s at %s\n", n(r.Mark.TagName()), n(r.Mark.By), r.Mark.Time.UTC().Format(time.RFC3339))
	}
	if r.State != WouldRetire {
		b.WriteString(branchNote(r, n) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// branchNote says what may become of the branch: hotlane never deletes it.
func branchNote(r Result, n func(string) string) string {
	if r.FromClone {
		return fmt.Sprintf("The remote %s no longer has branch %s; the gate reads the retirement in its place.", n(r.Remote), n(r.Mark.Lane))
	}
	return fmt.Sprintf("The branch %s is kept; it may now be deleted (git push %s --delete %s): the gate reads the retirement in its place.",
		n(r.Mark.Lane), n(r.Remote), n(r.Mark.Lane))
}

// Markdown is the retirement's summary.
func Markdown(r Result) string {
	var b strings.Builder
	if r.State == WouldRetire {
		b.WriteString("Dry run: nothing was changed.\n\n")
	}
	heading := map[string]string{Retired: "Lane %s retired", Already: "Lane %s was already retired",
		Meanwhile: "Lane %s was retired meanwhile by another run", WouldRetire: "Lane %s would be retired"}[r.State]
	b.WriteString(report.Heading(fmt.Sprintf(heading, r.Mark.Lane)))
	b.WriteString(report.Fields([][2]string{
		{"release", fmt.Sprintf("%s (%s at %s)", r.Release.Record.Build, r.Release.Tag, naming.Short(r.Release.Commit))},
		{"tip", naming.Short(r.Mark.Tip)},
		{"reason", r.Mark.Reason},
		{"by", r.Mark.By + " at " + r.Mark.Time.UTC().Format(time.RFC3339)},
		{"record", "tag " + r.Mark.TagName()},
	}))
	if r.State != WouldRetire {
		b.WriteString("\n" + branchNote(r, func(s string) string { return s }) + "\n")
	}
	return b.String()
}
