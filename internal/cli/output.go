package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/release"
	"github.com/hotlane/hotlane/internal/syncs"
)

// releaseJSON is the --format json shape of a release result.
type releaseJSON struct {
	Release     string       `json:"release"`
	Environment string       `json:"environment"`
	Commit      string       `json:"commit"`
	Source      string       `json:"source,omitempty"`
	Pipeline    string       `json:"pipeline,omitempty"`
	Tag         refJSON      `json:"tag"`
	Lane        refJSON      `json:"lane"`
	Previous    *previousRef `json:"previous"`
	Remote      string       `json:"remote"`
	DryRun      bool         `json:"dry_run"`
	Warnings    []string     `json:"warnings"`
	Dropped     *int         `json:"dropped,omitempty"`
	Sync        []syncJSON   `json:"sync"`
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

func (a *App) printRelease(format string, res release.Result, planned []syncs.Spec, synced []syncs.Outcome) error {
	syncs := syncStates(planned, synced)
	if format == "json" {
		out := releaseJSON{
			Release: res.Record.Build, Environment: res.Record.Environment, Commit: res.Record.Commit,
			Source: res.Record.Source, Pipeline: res.Record.Pipeline,
			Tag: refJSON{res.Tag, res.TagState}, Lane: refJSON{res.Lane, res.LaneState},
			Remote: res.Remote, DryRun: res.DryRun, Warnings: append([]string{}, res.Warnings...), Sync: syncs,
		}
		if p := res.Previous; p != nil {
			out.Previous = &previousRef{p.Build, p.Tag, p.Commit}
		}
		if res.DroppedChecked {
			n := len(res.Dropped)
			out.Dropped = &n
		}
		return writeJSON(a.IO.Out, out)
	}
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
	fmt.Fprintf(&b, "  lane      %-24s %s\n", n(res.Lane), res.LaneState)
	push := "one push (not atomic: the remote does not offer atomic pushes)"
	if res.Atomic {
		push = "one atomic push"
	}
	if res.DryRun {
		// a dry run does not ask the remote to push, so it cannot say
		push = "would push both in one push (atomic where the remote offers it)"
	}
	if res.Remote == "github" {
		push = "created through the GitHub API, one ref at a time"
	}
	if res.TagState == release.Exists && res.LaneState == release.Exists {
		push = "nothing to push: already released"
	}
	fmt.Fprintf(&b, "  remote    %s (%s): %s\n", n(res.Remote), n(res.RemoteURL), push)
	if p := res.Previous; p != nil {
		fmt.Fprintf(&b, "  previous  %s (%s at %s)\n", n(p.Build), n(p.Tag), naming.Short(p.Commit))
	} else {
		b.WriteString("  previous  none\n")
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "  warning   %s\n", n(w))
	}
	for _, j := range syncs {
		detail := j.Detail
		if detail != "" {
			detail = ": " + detail
		}
		fmt.Fprintf(&b, "  sync      %s %s%s\n", n(j.Target), j.State, n(detail))
	}
	if len(res.Dropped) > 0 {
		fmt.Fprintf(&b, "  dropped   %d hotfix commit(s) of earlier releases are not in this release:\n", len(res.Dropped))
		for _, d := range res.Dropped {
			fmt.Fprintf(&b, "            %s\n", n(d))
		}
	}
	_, err := fmt.Fprint(a.IO.Out, b.String())
	return err
}

// writeJSON writes v as indented JSON that is safe to land in a CI log:
// line breaks inside values are escaped by JSON itself, and every "#" is
// written as \u0023 (the same JSON value) so that no value can spell an
// Azure DevOps "##vso[" command. A GitHub command needs "::" at the start
// of a line, and every line of indented JSON starts with a brace or a key.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	data = bytes.ReplaceAll(data, []byte("#"), []byte(`\u0023`))
	_, err = w.Write(append(data, '\n'))
	return err
}
