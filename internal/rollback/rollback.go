// Package rollback owns "hotlane rollback": which release to return to
// (--to, or the ledger's previous approved release), what returning drops,
// and the release command that records the redeploy. It changes nothing,
// and it never chooses from a ledger it could not refresh (unless
// --offline says the clone is enough).
package rollback

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/release"
)

// Options are one "hotlane rollback".
type Options struct {
	Ledger ledgerio.Options
	// Tags are every environment's release tag templates: an environment
	// without a release is named beside those that have one.
	Tags   naming.TagTemplates
	Report ledgerio.Reporter
	To     string          // the build to return to; empty: the previous approved release
	Lanes  naming.Template // to tell which releases came from a hotfix lane
	// Build is this run's own build id (the CI's), if any: the redeploy is
	// recorded under it when no release of the environment has it yet.
	Build string
}

// Result is where a rollback goes from and to.
type Result struct {
	From, To ledger.Entry
	// Drops names the releases after To that came from hotfix lanes: a
	// rollback takes their hotfixes out of production.
	Drops []ledger.Entry
	// Build is the build id the redeploy is recorded under.
	Build string
	// Env is the environment rolled back.
	Env string
	// Freshness says how fresh the ledger was.
	Freshness ledgerio.Freshness
}

// Run reads the ledger and plans the rollback; a rollback that drops
// hotfixes of later releases says so in a warning. A ledger that cannot
// be refreshed from the remote fails (exit 3): a stale one could hold a
// release that is no longer in the environment.
func Run(ctx context.Context, o Options) (Result, error) {
	all, fresh, err := ledgerio.OpenAll(ctx, o.Ledger, o.Tags, o.Report)
	if err != nil {
		return Result{}, err
	}
	l := all[o.Ledger.Environment]
	if len(l.Entries) == 0 {
		if known := ledger.WithReleases(all); len(known) > 0 {
			return Result{}, fault.Invalidf("no release is recorded in %s, so there is nothing to roll back (nothing was changed); the environments with releases are: %s",
				o.Ledger.Environment, strings.Join(known, ", "))
		}
	}
	res, err := Plan(l, o)
	res.Freshness = fresh
	for _, d := range res.drops() {
		o.Report.Annotate(ci.Warning, "rolling back drops "+d)
	}
	return res, err
}

// Plan works out the rollback from the ledger. Pure.
func Plan(l ledger.Ledger, o Options) (Result, error) {
	cur, ok := l.Current()
	if !ok {
		return Result{}, fault.Failedf("no release found: the ledger is the release tags (%s); nothing to roll back", o.Ledger.Tags)
	}
	to, err := target(l, cur, o.To)
	if err != nil {
		return Result{}, err
	}
	res := Result{From: cur, To: to, Build: redeployBuild(l, cur, o.Build), Env: o.Ledger.Environment}
	for _, e := range l.After(to.Record.Build) {
		if o.Lanes.Matches(e.Record.Source, o.Ledger.Environment) {
			res.Drops = append(res.Drops, e)
		}
	}
	return res, nil
}

func target(l ledger.Ledger, cur ledger.Entry, to string) (ledger.Entry, error) {
	if to == "" {
		e, err := l.PreviousApproved(cur.Record.Build)
		if err != nil {
			return e, fault.Wrap(fault.Failed, err)
		}
		return e, nil
	}
	i := l.Index(to)
	switch {
	case i < 0:
		return ledger.Entry{}, fault.Invalidf("--to %s: no such release in %s (nothing was changed); its releases, newest first: %s",
			to, cur.Record.Environment, l.Newest(listed))
	case l.Entries[i].Bad != nil:
		return l.Entries[i], fault.Invalidf("--to %s: that release is marked bad (%s); choose another", to, l.Entries[i].Bad.Reason)
	case i >= l.Index(cur.Record.Build):
		return l.Entries[i], fault.Invalidf("--to %s: not recorded before the release in the environment now (%s)", to, cur.Record.Build)
	}
	return l.Entries[i], nil
}

// listed is how many releases an error names.
const listed = 10

// redeployBuild is the build id that records the redeploy: this run's own
// when no release has it yet (the ledger orders by time, so any free id
// works), else the first free "<current>.N", so that the printed command
// works when pasted anywhere.
func redeployBuild(l ledger.Ledger, cur ledger.Entry, own string) string {
	if own != "" {
		if _, taken := l.Find(own); !taken {
			return own
		}
	}
	for i := 1; ; i++ {
		b := fmt.Sprintf("%s.%d", cur.Record.Build, i)
		if _, taken := l.Find(b); !taken {
			return b
		}
	}
}

// Command is the release command that records the redeploy; it names
// the environment when it is not production. Builds are ref-name safe
// (record validation); an environment is quoted for the shell.
func (r Result) Command() string {
	env := ""
	if r.Env != "" && r.Env != naming.Production {
		env = " --environment '" + strings.ReplaceAll(r.Env, "'", `'\''`) + "'"
	}
	return fmt.Sprintf("hotlane release --build %s --commit %s --rollback-of %s%s", r.Build, r.To.Commit, r.From.Record.Build, env)
}

// Outputs are the rollback's outputs: the release to return to, and the
// one it replaces (release's seven, by release's one builder).
func (r Result) Outputs() []ci.Output {
	return release.Outputs(r.To, &r.From)
}

// Formats are the formats a rollback renders; the first is the default.
var Formats = []string{"text", "json", "markdown"}

// resultJSON is the --format json shape of a rollback (snake_case keys,
// as every JSON hotlane writes).
type resultJSON struct {
	Environment string                 `json:"environment"`
	From        ledger.View            `json:"from"`
	To          ledger.View            `json:"to"`
	Because     string                 `json:"because,omitempty"`
	Drops       []ledger.View          `json:"drops"`
	Redeploy    redeployJSON           `json:"redeploy"`
	Ledger      ledgerio.FreshnessJSON `json:"ledger"`
}

// redeployJSON is the release that records the redeploy.
type redeployJSON struct {
	Build      string `json:"build"`
	Commit     string `json:"commit"`
	RollbackOf string `json:"rollback_of"`
	Command    string `json:"command"`
}

// Render writes the rollback's plan and the command that records it, as
// text, json or markdown.
func Render(w io.Writer, format string, r Result) error {
	switch format {
	case "markdown":
		_, err := io.WriteString(w, Markdown(r))
		return err
	case "json":
		out := resultJSON{Environment: r.Env, From: r.From.View(), To: r.To.View(), Because: r.because(), Drops: []ledger.View{},
			Redeploy: redeployJSON{Build: r.Build, Commit: r.To.Commit, RollbackOf: r.From.Record.Build, Command: r.Command()},
			Ledger:   r.Freshness.JSON()}
		for _, d := range r.Drops {
			out.Drops = append(out.Drops, d.View())
		}
		return ci.WriteJSON(w, out)
	}
	n := ci.Neutralize
	var b strings.Builder
	fmt.Fprintf(&b, "Roll back %s from %s (%s) to %s (%s)\n  commit    %s\n", n(r.Env), n(r.From.Record.Build), n(r.From.Tag), n(r.To.Record.Build), n(r.To.Tag), r.To.Commit)
	if why := r.because(); why != "" {
		fmt.Fprintf(&b, "  because   %s\n", n(why))
	}
	for _, d := range r.drops() {
		fmt.Fprintf(&b, "  drops     %s\n", n(d))
	}
	fmt.Fprintf(&b, "Redeploy %s, then record it:\n  %s\n", naming.Short(r.To.Commit), n(r.Command()))
	_, err := io.WriteString(w, b.String())
	return err
}

// Markdown is the rollback's summary: from, to, why, what it drops, and
// the command that records the redeploy.
func Markdown(r Result) string {
	rows := [][2]string{
		{"from", fmt.Sprintf("%s (%s at %s)", r.From.Record.Build, r.From.Tag, naming.Short(r.From.Commit))},
		{"to", fmt.Sprintf("%s (%s at %s)", r.To.Record.Build, r.To.Tag, naming.Short(r.To.Commit))},
	}
	if why := r.because(); why != "" {
		rows = append(rows, [2]string{"why", why})
	}
	for _, d := range r.drops() {
		rows = append(rows, [2]string{"drops", d})
	}
	return report.Heading(fmt.Sprintf("Roll back %s from %s to %s", r.Env, r.From.Record.Build, r.To.Record.Build)) +
		report.Fields(rows) + "\nRedeploy the commit, then record it:\n\n```sh\n" + r.Command() + "\n```\n"
}

// because says why production is left: the current release's bad mark.
func (r Result) because() string {
	if bad := r.From.Bad; bad != nil {
		return fmt.Sprintf("%s is marked bad: %s (by %s)", r.From.Record.Build, bad.Reason, bad.By)
	}
	return ""
}

// drops describes the hotfixes a rollback takes out of the environment.
func (r Result) drops() []string {
	var out []string
	for _, e := range r.Drops {
		out = append(out, fmt.Sprintf("the hotfixes that release %s brought from %s", e.Record.Build, e.Record.Source))
	}
	return out
}
