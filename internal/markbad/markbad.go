// Package markbad owns "hotlane mark-bad": pushing an auditable record
// (an annotated tag hotlane-bad/<release tag>: who, when, why) that a
// release is bad, so that rollback and status skip it. The release tag is
// never moved; marking again, or a concurrent run, changes nothing.
package markbad

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Options are one "hotlane mark-bad".
type Options struct {
	Ledger ledgerio.Options
	Report ledgerio.Reporter
	Build  string // the release to mark
	Reason string
	Actor  string // who marks it; empty: the git identity
	Now    time.Time
	DryRun bool
}

// States of a Result.
const (
	Marked     = "marked"
	Already    = "already marked"
	Meanwhile  = "marked meanwhile by another run"
	WouldMark  = "would mark"
	badTimeFmt = "2006-01-02T15:04:05Z"
)

// Result is what marking did.
type Result struct {
	Release ledger.Entry
	Mark    record.Bad // the mark in force (the earlier one, when Already)
	TagName string
	State   string
}

// Run marks the release bad.
func Run(ctx context.Context, o Options) (Result, error) {
	if strings.TrimSpace(o.Reason) == "" {
		return Result{}, fault.Invalidf("--reason is required: say why release %s is bad (nothing was changed)", o.Build)
	}
	// one time limit for the whole command: reading the remote and pushing
	if o.Ledger.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Ledger.GitTimeout)
		defer cancel()
	}
	repo, l, _, err := ledgerio.Open(ctx, o.Ledger, o.Report)
	if err != nil {
		return Result{}, err
	}
	defer func() { _ = repo.Close() }()
	e, ok := l.Find(o.Build)
	if !ok {
		return Result{}, fault.Invalidf("release %s is not in the ledger (tags %s): nothing was changed; its releases, newest first: %s", o.Build, o.Ledger.Tags, l.Newest(10))
	}
	res := Result{Release: e, TagName: record.BadPrefix + e.Tag}
	if e.Bad != nil {
		res.Mark, res.State = *e.Bad, Already
		return res, nil
	}
	tagger := repo.Tagger(o.Now)
	res.Mark = record.Bad{Build: e.Record.Build, Tag: e.Tag, Reason: o.Reason, By: cmp.Or(o.Actor, tagger.Name), Time: o.Now}
	if o.DryRun {
		res.State = WouldMark
		return res, nil
	}
	meanwhile, err := ledgerio.PushMark(ctx, repo, ledgerio.Mark{Tag: res.TagName, Target: e.Commit, Message: res.Mark.Message(),
		Tagger: tagger, Haves: []string{e.Commit}})
	if err != nil {
		return res, fault.Failedf("mark release %s bad: %w (nothing was changed)", e.Record.Build, err)
	}
	if meanwhile {
		res.State = Meanwhile
		return res, nil
	}
	res.State = Marked
	return res, nil
}

// Render says what marking did, as text or markdown.
func Render(w io.Writer, format string, r Result) error {
	if format == "markdown" {
		_, err := io.WriteString(w, Markdown(r))
		return err
	}
	n := ci.Neutralize
	build := n(r.Release.Record.Build)
	var err error
	switch r.State {
	case Already:
		_, err = fmt.Fprintf(w, "Release %s is already marked bad by %s: %s\n", build, n(r.Mark.By), n(r.Mark.Reason))
	case Meanwhile:
		_, err = fmt.Fprintf(w, "Release %s was marked bad meanwhile by another run\n", build)
	case WouldMark:
		_, err = fmt.Fprintf(w, "Dry run: nothing was changed. Would push tag %s marking release %s bad: %s\n", n(r.TagName), build, n(r.Mark.Reason))
	default:
		_, err = fmt.Fprintf(w, "Marked release %s (%s) bad: %s\n  record   tag %s, by %s at %s\n", build, n(r.Release.Tag),
			n(r.Mark.Reason), n(r.TagName), n(r.Mark.By), r.Mark.Time.Format(badTimeFmt))
	}
	return err
}

// Formats are the formats mark-bad renders; the first is the default.
var Formats = []string{"text", "markdown"}

// Markdown is the mark's summary: which release, why, who and when, and
// the record that says so.
func Markdown(r Result) string {
	var b strings.Builder
	if r.State == WouldMark {
		b.WriteString("Dry run: nothing was changed.\n\n")
	}
	heading := map[string]string{Marked: "Release %s marked bad", Already: "Release %s was already marked bad",
		Meanwhile: "Release %s was marked bad meanwhile by another run", WouldMark: "Release %s would be marked bad"}[r.State]
	b.WriteString(report.Heading(fmt.Sprintf(heading, r.Release.Record.Build)))
	b.WriteString(report.Fields([][2]string{
		{"release", fmt.Sprintf("%s (%s at %s)", r.Release.Record.Build, r.Release.Tag, naming.Short(r.Release.Commit))},
		{"reason", r.Mark.Reason},
		{"by", r.Mark.By + " at " + r.Mark.Time.UTC().Format(badTimeFmt)},
		{"record", "tag " + r.TagName},
	}))
	return b.String()
}
