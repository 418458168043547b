package cli

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/gitops"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/report"
)

// openLedger fetches the remote's tags and reads the release ledger.
func (a *App) openLedger(ctx context.Context, platform ci.Platform, s config.Settings) (*gitops.Repo, ledger.Ledger, error) {
	repo, err := gitops.Open(s.Repo, s.Remote, credentials(s))
	if err != nil {
		return nil, ledger.Ledger{}, exit.Usagef("%v", err)
	}
	a.protect(platform, repo.Secrets()...)
	fetchCtx, cancel := context.WithTimeout(ctx, s.GitTimeout)
	defer cancel()
	if err := repo.FetchTags(fetchCtx); err != nil {
		platform.Annotate(ci.Warning, "the ledger is read from the clone's tags; fetching the remote's failed: "+a.redact(err.Error()))
	}
	tags, err := repo.Tags()
	if err != nil {
		return nil, ledger.Ledger{}, exit.Failuref("list tags: %v", err)
	}
	var lt []ledger.Tag
	for _, t := range tags {
		lt = append(lt, ledger.Tag{Name: t.Name, Commit: t.Commit, Message: t.Message, Annotated: t.Annotated})
	}
	l := ledger.Read(lt, s.TagTemplate, s.Environment)
	for _, p := range l.Problems {
		platform.Annotate(ci.Warning, fmt.Sprintf("tag %s is not a readable release: %s", p.Tag, p.Reason))
	}
	return repo, l, nil
}

func (a *App) loadSettings(cmd *cobra.Command, formats []string) (config.Settings, error) {
	return config.Load(config.Sources{Flags: setFlags(cmd.Flags()), Env: a.Env, Formats: formats})
}

func (a *App) newStatusCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "What is in production now, the previous releases, and each lane's pending backports",
		Long: `status reads the release ledger (the release tags and their records, and the marks of bad
releases) and prints what is in production now, the releases before it, each lane with the
number of its hotfix commits that the main line still lacks, and which lane the hotfix-dev
environment mirrors (the current release's).`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), repoFlags)
	addStringFlags(cmd.Flags(), []flagDef{{"format", "text, json or markdown (default \"text\")"}})
	addGateFlags(cmd.Flags())
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, []string{"text", "json", "markdown"})
		if err != nil {
			return err
		}
		platform := a.platform(s)
		_, l, err := a.openLedger(cmd.Context(), platform, s)
		if err != nil {
			return err
		}
		candidate := s.Commit
		if candidate == "" {
			candidate = "refs/remotes/" + s.Remote + "/" + cmp.Or(s.Main, "main")
		}
		pending := map[string]int{}
		var lanes []string
		if res, err := gateRun(cmd.Context(), s, candidate); err != nil {
			platform.Annotate(ci.Warning, "pending backports unknown: "+a.redact(err.Error()))
		} else {
			for _, lr := range res.Lanes {
				lanes = append(lanes, lr.Lane)
				pending[lr.Lane] = len(lr.Missing())
			}
		}
		return a.printStatus(s.Format, l, lanes, pending)
	}
	return cmd
}

func (a *App) newRollbackCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Resolve the previous approved release, for the pipeline to redeploy",
		Long: `rollback finds the release to return to: --to BUILD, or the latest release before the one in
production that is not marked bad (and is not itself a rollback away from a bad release). It
prints and outputs its commit and tag; the pipeline redeploys that commit and then records it
with 'hotlane release --commit <commit> --rollback-of <current build>'. It changes nothing.`,
		Example: `  hotlane rollback
  hotlane rollback --to 41`,
		Args: cobra.NoArgs,
	}
	addStringFlags(cmd.Flags(), ledgerFlags())
	addStringFlags(cmd.Flags(), []flagDef{{"env-file", "also write the outputs to this file"}, {"env-file-format", "properties or dotenv"},
		{"to", "the build to roll back to (default: the previous approved release)"}, gitTimeoutFlag})
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		s, err := a.loadSettings(cmd, []string{"text"})
		if err != nil {
			return err
		}
		to := s.To
		ctx, cancel := context.WithTimeout(cmd.Context(), s.GitTimeout)
		defer cancel()
		platform := a.platform(s)
		_, l, err := a.openLedger(ctx, platform, s)
		if err != nil {
			return err
		}
		cur, ok := l.Current()
		if !ok {
			return exit.Failuref("no release found: the ledger is the release tags (%s); nothing to roll back", s.TagTemplate)
		}
		target, err := rollbackTarget(l, cur, to)
		if err != nil {
			return err
		}
		n := ci.Neutralize
		fmt.Fprintf(a.IO.Out, "Roll back production from %s (%s) to %s (%s)\n  commit    %s\n", n(cur.Record.Build), n(cur.Tag), n(target.Record.Build), n(target.Tag), target.Commit)
		if cur.Bad != nil {
			fmt.Fprintf(a.IO.Out, "  because   %s is marked bad: %s (by %s)\n", n(cur.Record.Build), n(cur.Bad.Reason), n(cur.Bad.By))
		}
		for _, e := range l.After(target.Record.Build) {
			if s.BranchTemplate.Matches(e.Record.Source, s.Environment) {
				msg := fmt.Sprintf("rolling back drops the hotfixes that release %s brought to production from %s", e.Record.Build, e.Record.Source)
				platform.Annotate(ci.Warning, msg)
			}
		}
		fmt.Fprintf(a.IO.Out, "Redeploy %s, then record it:\n  hotlane release --commit %s --rollback-of %s\n", naming.Short(target.Commit), target.Commit, n(cur.Record.Build))
		outputs := []ci.Output{{Name: "release", Value: target.Record.Build}, {Name: "tag", Value: target.Tag},
			{Name: "lane", Value: target.Record.Lane}, {Name: "commit", Value: target.Commit},
			{Name: "previous-release", Value: cur.Record.Build}, {Name: "previous-tag", Value: cur.Tag}, {Name: "previous-commit", Value: cur.Commit}}
		return a.writeOutputs(platform, s, outputs)
	}
	return cmd
}

func rollbackTarget(l ledger.Ledger, cur ledger.Entry, to string) (ledger.Entry, error) {
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

// gateRun runs the gate for candidate and returns its report.
func gateRun(ctx context.Context, s config.Settings, candidate string) (backport.Report, error) {
	res, err := gate.Run(ctx, gateOptions(s, candidate))
	return res.Report, err
}

func (a *App) printStatus(format string, l ledger.Ledger, lanes []string, pending map[string]int) error {
	type rel struct {
		Release  string `json:"release"`
		Tag      string `json:"tag"`
		Commit   string `json:"commit"`
		Lane     string `json:"lane"`
		Time     string `json:"time,omitempty"`
		Pipeline string `json:"pipeline,omitempty"`
		Source   string `json:"source,omitempty"`
		Rollback string `json:"rollback_of,omitempty"`
		Bad      string `json:"bad,omitempty"`
	}
	toRel := func(e ledger.Entry) rel {
		r := rel{Release: e.Record.Build, Tag: e.Tag, Commit: e.Commit, Lane: e.Record.Lane, Pipeline: e.Record.Pipeline,
			Source: e.Record.Source, Rollback: e.Record.RollbackOf}
		if !e.Record.Time.IsZero() {
			r.Time = e.Record.Time.UTC().Format("2006-01-02T15:04:05Z")
		}
		if e.Bad != nil {
			r.Bad = e.Bad.Reason + " (by " + e.Bad.By + ")"
		}
		return r
	}
	var out struct {
		Production *rel             `json:"production"`
		HotfixDev  string           `json:"hotfix_dev_mirrors,omitempty"`
		Releases   []rel            `json:"releases"`
		Lanes      map[string]int   `json:"pending_backports"`
		Problems   []ledger.Problem `json:"problems,omitempty"`
	}
	out.Releases, out.Lanes, out.Problems = []rel{}, pending, l.Problems
	for i := len(l.Entries) - 1; i >= 0; i-- {
		out.Releases = append(out.Releases, toRel(l.Entries[i]))
	}
	if cur, ok := l.Current(); ok {
		r := toRel(cur)
		out.Production, out.HotfixDev = &r, cur.Record.Lane
	}
	if format == "json" {
		return writeJSON(a.IO.Out, out)
	}
	var b strings.Builder
	n := ci.Neutralize
	md := format == "markdown"
	if md {
		n = report.Cell // a table cell: no "|" or markup from a record or a reason
	}
	if md {
		b.WriteString("### Production\n\n")
	}
	if out.Production == nil {
		b.WriteString("No release recorded yet.\n")
	} else {
		p := out.Production
		fmt.Fprintf(&b, "Production: release %s (%s) at %s, %s\n", n(p.Release), n(p.Tag), naming.Short(p.Commit), n(p.Time))
		if p.Bad != "" {
			fmt.Fprintf(&b, "  MARKED BAD: %s\n", n(p.Bad))
		}
		fmt.Fprintf(&b, "Hotfix-dev mirrors: %s\n", n(out.HotfixDev))
	}
	if md {
		b.WriteString("\n| release | tag | commit | time | notes |\n|---|---|---|---|---|\n")
	} else {
		b.WriteString("Releases, newest first:\n")
	}
	for _, r := range out.Releases {
		var notes []string
		if r.Bad != "" {
			notes = append(notes, "bad: "+r.Bad)
		}
		if r.Rollback != "" {
			notes = append(notes, "rollback of "+r.Rollback)
		}
		if r.Source != "" && r.Source != "main" {
			notes = append(notes, "from "+r.Source)
		}
		if md {
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(strings.Join(notes, "; ")))
		} else {
			fmt.Fprintf(&b, "  %-12s %-20s %s %s %s\n", n(r.Release), n(r.Tag), naming.Short(r.Commit), r.Time, n(strings.Join(notes, "; ")))
		}
	}
	if md {
		b.WriteString("\n| lane | pending backports |\n|---|---|\n")
	} else {
		b.WriteString("Lanes:\n")
	}
	for _, lane := range lanes {
		if md {
			fmt.Fprintf(&b, "| %s | %d |\n", n(lane), pending[lane])
		} else {
			fmt.Fprintf(&b, "  %-20s %d pending backport(s)\n", n(lane), pending[lane])
		}
	}
	_, err := fmt.Fprint(a.IO.Out, b.String())
	return err
}
