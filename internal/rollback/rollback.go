// Package rollback owns "hotlane rollback": which release to return to
// (--to, or the ledger's previous approved release), what returning drops,
// and the release command that records the redeploy. It changes nothing.
package rollback

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/release"
)

// Options are one "hotlane rollback".
type Options struct {
	Ledger ledgerio.Options
	Report ledgerio.Reporter
	To     string          // the build to return to; empty: the previous approved release
	Lanes  naming.Template // to tell which releases came from a hotfix lane
	// Build is this run's own build id (the CI's), if any: the redeploy is
	// recorded under it when it orders after the release in production.
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
}

// Run reads the ledger and plans the rollback; a rollback that drops
// hotfixes of later releases says so in a warning.
func Run(ctx context.Context, o Options) (Result, error) {
	_, l, err := ledgerio.Open(ctx, o.Ledger, o.Report)
	if err != nil {
		return Result{}, err
	}
	res, err := Plan(l, o)
	for _, e := range res.Drops {
		o.Report.Annotate(ci.Warning, fmt.Sprintf("rolling back drops the hotfixes that release %s brought to production from %s", e.Record.Build, e.Record.Source))
	}
	return res, err
}

// Plan works out the rollback from the ledger. Pure.
func Plan(l ledger.Ledger, o Options) (Result, error) {
	cur, ok := l.Current()
	if !ok {
		return Result{}, exit.Failuref("no release found: the ledger is the release tags (%s); nothing to roll back", o.Ledger.Tags)
	}
	to, err := target(l, cur, o.To)
	if err != nil {
		return Result{}, err
	}
	res := Result{From: cur, To: to, Build: redeployBuild(l, cur, o.Build)}
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
			return e, exit.Failuref("%v", err)
		}
		return e, nil
	}
	e, ok := l.Find(to)
	switch {
	case !ok:
		return e, exit.Usagef("--to %s: no such release in the ledger", to)
	case e.Bad != nil:
		return e, exit.Usagef("--to %s: that release is marked bad (%s); choose another", to, e.Bad.Reason)
	case naming.CompareBuilds(to, cur.Record.Build) >= 0:
		return e, exit.Usagef("--to %s: not earlier than the release in production (%s)", to, cur.Record.Build)
	}
	return e, nil
}

// redeployBuild is the build id that records the redeploy: this run's own
// when it orders after the release in production, else the first free
// "<current>.N", so that the printed command works when pasted anywhere.
func redeployBuild(l ledger.Ledger, cur ledger.Entry, own string) string {
	if own != "" && naming.CompareBuilds(own, cur.Record.Build) > 0 {
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

// Command is the release command that records the redeploy.
func (r Result) Command() string {
	return fmt.Sprintf("hotlane release --build %s --commit %s --rollback-of %s", r.Build, r.To.Commit, r.From.Record.Build)
}

// Outputs are the rollback's outputs: the release to return to, and the
// one it replaces (release's seven, by release's one builder).
func (r Result) Outputs() []ci.Output {
	return release.Outputs(
		release.Tagged{Build: r.To.Record.Build, Tag: r.To.Tag, Lane: r.To.Record.Lane, Commit: r.To.Commit},
		&release.Tagged{Build: r.From.Record.Build, Tag: r.From.Tag, Commit: r.From.Commit})
}

// Render writes the rollback's plan and the command that records it.
func Render(w io.Writer, r Result) error {
	n := ci.Neutralize
	var b strings.Builder
	fmt.Fprintf(&b, "Roll back production from %s (%s) to %s (%s)\n  commit    %s\n", n(r.From.Record.Build), n(r.From.Tag), n(r.To.Record.Build), n(r.To.Tag), r.To.Commit)
	if bad := r.From.Bad; bad != nil {
		fmt.Fprintf(&b, "  because   %s is marked bad: %s (by %s)\n", n(r.From.Record.Build), n(bad.Reason), n(bad.By))
	}
	fmt.Fprintf(&b, "Redeploy %s, then record it:\n  %s\n", naming.Short(r.To.Commit), n(r.Command()))
	_, err := io.WriteString(w, b.String())
	return err
}
