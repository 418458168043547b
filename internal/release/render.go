package release

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/promotion"
	"github.com/hotlane/hotlane/internal/syncs"
)

// resultJSON is the --format json shape of a release result.
type resultJSON struct {
	Release     string       `json:"release"`
	Environment string       `json:"environment"`
	Commit      string       `json:"commit"`
	Source      string       `json:"source,omitempty"`
	Pipeline    string       `json:"pipeline,omitempty"`
	Tag         refJSON      `json:"tag"`
	Lane        refJSON      `json:"lane"`
	Previous    *previousRef `json:"previous"`
	// PromotedFrom are the records that let the commit through promotion
	// control, one per environment it required.
	PromotedFrom []promotedJSON `json:"promoted_from,omitempty"`
	Remote       string         `json:"remote"`
	DryRun       bool           `json:"dry_run"`
	Warnings     []string       `json:"warnings"`
	Dropped      *int           `json:"dropped,omitempty"`
	// DroppedUnknown says why the dropped check could not decide (then
	// dropped is absent).
	DroppedUnknown string     `json:"dropped_unknown,omitempty"`
	Sync           []syncJSON `json:"sync"`
}

type refJSON struct {
	Name  string `json:"name"`
	State string `json:"state"`
}

type previousRef struct {
	Release string `json:"release"`
	Tag     string `json:"tag"`
	Commit  string `json:"commit"`
}

type promotedJSON struct {
	Environment string `json:"environment"`
	Release     string `json:"release"`
	Tag         string `json:"tag"`
	Tagger      string `json:"tagger"`
	TaggerEmail string `json:"tagger_email"`
	Time        string `json:"time,omitempty"`
	Pipeline    string `json:"pipeline,omitempty"`
	HandMade    bool   `json:"hand_made"`
}

func promotedStates(evidence []promotion.Released) []promotedJSON {
	var out []promotedJSON
	for _, r := range evidence {
		p := promotedJSON{Environment: r.Environment, Release: r.Build, Tag: r.Tag, Tagger: r.Tagger.Name, TaggerEmail: r.Tagger.Email,
			Pipeline: r.Pipeline, HandMade: r.HandMade()}
		if !r.Time.IsZero() {
			p.Time = r.Time.UTC().Format(time.RFC3339)
		}
		out = append(out, p)
	}
	return out
}

type syncJSON struct {
	Target string `json:"target"`
	State  string `json:"state"`
	Detail string `json:"detail,omitempty"`
}

func syncStates(planned []syncs.Spec, synced []syncs.Outcome) []syncJSON {
	out := []syncJSON{}
	if synced == nil {
		for _, s := range planned {
			out = append(out, syncJSON{Target: s.String(), State: "would send"})
		}
		return out
	}
	for _, o := range synced {
		j := syncJSON{Target: o.Spec.String(), State: "sent", Detail: o.Detail}
		if o.Err != nil {
			j.State, j.Detail = "failed", o.Err.Error()
		}
		out = append(out, j)
	}
	return out
}

// Formats are the formats a release renders; the first is the default.
var Formats = []string{"text", "json", "markdown"}

// Render writes a release's result as text, json or markdown.
func Render(w io.Writer, format string, res Result) error {
	if format == "markdown" {
		_, err := io.WriteString(w, Markdown(res))
		return err
	}
	if format == "json" {
		out := resultJSON{
			Release: res.Record.Build, Environment: res.Record.Environment, Commit: res.Record.Commit,
			Source: res.Record.Source, Pipeline: res.Record.Pipeline,
			Tag: refJSON{res.Tag, res.TagState}, Lane: refJSON{res.Lane, res.LaneState},
			Remote: res.Remote, DryRun: res.DryRun, Warnings: append([]string{}, res.Warnings...), Sync: syncStates(res.Sync, res.Synced),
			PromotedFrom: promotedStates(res.PromotedFrom),
		}
		if p := res.Previous; p != nil {
			out.Previous = &previousRef{p.Record.Build, p.Tag, p.Commit}
		}
		if res.DroppedChecked {
			n := len(res.Dropped)
			out.Dropped = &n
		}
		out.DroppedUnknown = res.DroppedUnknown
		return ci.WriteJSON(w, out)
	}
	_, err := io.WriteString(w, text(res))
	return err
}

// text is the release's text report; every value from outside is
// neutralised for the CI log.
func text(res Result) string {
	var b strings.Builder
	n := ci.Neutralize
	if res.DryRun {
		b.WriteString("Dry run: nothing was changed. The plan:\n")
	}
	fmt.Fprintf(&b, "Release %s to %s\n", n(res.Record.Build), n(res.Record.Environment))
	source := ""
	if res.Record.Source != "" {
		source = " from " + n(res.Record.Source)
	}
	fmt.Fprintf(&b, "  commit    %s%s\n", res.Record.Commit, source)
	fmt.Fprintf(&b, "  tag       %-24s %s\n", n(res.Tag), res.TagState)
	if res.Lane == "" {
		fmt.Fprintf(&b, "  lane      none: %s releases get no hotfix lane (--lane creates one)\n", n(res.Record.Environment))
	} else {
		fmt.Fprintf(&b, "  lane      %-24s %s\n", n(res.Lane), res.LaneState)
	}
	fmt.Fprintf(&b, "  remote    %s (%s): %s\n", n(res.Remote), n(res.RemoteURL), pushWords(res))
	if p := res.Previous; p != nil {
		fmt.Fprintf(&b, "  previous  %s (%s at %s)\n", n(p.Record.Build), n(p.Tag), naming.Short(p.Commit))
	} else {
		b.WriteString("  previous  none\n")
	}
	for _, rel := range res.PromotedFrom {
		fmt.Fprintf(&b, "  promoted  from %s\n", n(rel.Line()))
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "  warning   %s\n", n(w))
	}
	for _, j := range syncStates(res.Sync, res.Synced) {
		detail := j.Detail
		if detail != "" {
			detail = ": " + detail
		}
		fmt.Fprintf(&b, "  sync      %s %s%s\n", n(j.Target), j.State, n(detail))
	}
	if res.DroppedUnknown != "" {
		fmt.Fprintf(&b, "  dropped   unknown: %s\n", n(res.DroppedUnknown))
	}
	if len(res.Dropped) > 0 {
		fmt.Fprintf(&b, "  dropped   %d hotfix commit(s) of earlier releases are not in this release:\n", len(res.Dropped))
		for _, d := range res.Dropped {
			fmt.Fprintf(&b, "            %s\n", n(d))
		}
	}
	return b.String()
}

// pushWords says how the refs reached (or would reach) the remote.
func pushWords(res Result) string {
	switch {
	case res.TagState == Exists && (res.LaneState == Exists || res.LaneState == None):
		return "nothing to push: already released"
	case res.Remote == "github":
		return "created through the GitHub API, one ref at a time"
	case res.DryRun:
		// a dry run does not ask the remote to push, so it cannot say
		return "would push both in one push (atomic where the remote offers it)"
	case res.Atomic:
		return "one atomic push"
	}
	return "one push (not atomic: the remote does not offer atomic pushes)"
}

// Markdown is the release's summary: what was tagged, created and synced,
// the release before it, and the hotfixes it dropped.
func Markdown(res Result) string {
	var b strings.Builder
	if res.DryRun {
		b.WriteString("Dry run: nothing was changed. The plan:\n\n")
	}
	b.WriteString(report.Heading(fmt.Sprintf("Release %s to %s", res.Record.Build, res.Record.Environment)))
	commit := naming.Short(res.Record.Commit)
	if res.Record.Source != "" {
		commit += " from " + res.Record.Source
	}
	rows := [][2]string{{"commit", commit}, {"tag", res.Tag + " (" + res.TagState + ")"}}
	if res.Lane != "" {
		rows = append(rows, [2]string{"lane", res.Lane + " (" + res.LaneState + ")"})
	} else {
		rows = append(rows, [2]string{"lane", "none: " + res.Record.Environment + " releases get no hotfix lane"})
	}
	previous := "none"
	if p := res.Previous; p != nil {
		previous = fmt.Sprintf("%s (%s at %s)", p.Record.Build, p.Tag, naming.Short(p.Commit))
	}
	rows = append(rows, [2]string{"previous", previous})
	for _, rel := range res.PromotedFrom {
		rows = append(rows, [2]string{"promoted from", rel.Line()})
	}
	rows = append(rows, [2]string{"remote", res.Remote + ": " + pushWords(res)})
	for _, w := range res.Warnings {
		rows = append(rows, [2]string{"warning", w})
	}
	for _, j := range syncStates(res.Sync, res.Synced) {
		rows = append(rows, [2]string{"sync " + j.Target, strings.TrimSuffix(j.State+": "+j.Detail, ": ")})
	}
	if res.DroppedUnknown != "" {
		rows = append(rows, [2]string{"dropped", "unknown: " + res.DroppedUnknown})
	}
	b.WriteString(report.Fields(rows))
	if len(res.Dropped) > 0 {
		fmt.Fprintf(&b, "\nThis release lacks %s of earlier releases:\n\n", report.Count(len(res.Dropped), "hotfix commit"))
		for _, d := range res.Dropped {
			fmt.Fprintf(&b, "- %s\n", report.Cell(d))
		}
	}
	return b.String()
}
