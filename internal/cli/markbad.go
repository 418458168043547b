package cli

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gitref"
	"github.com/hotlane/hotlane/internal/record"
)

func (a *App) newMarkBadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mark-bad BUILD --reason TEXT",
		Short: "Record that a release is bad (who, when, why), so rollback and status skip it",
		Long: `mark-bad pushes an auditable record that release BUILD is bad: an annotated tag
hotlane-bad/<release tag> whose message says who marked it, when and why. The release tag is
never moved or deleted. Marking a release again changes nothing.`,
		Example: `  hotlane mark-bad 44 --reason "checkout returns 500 for EU customers"`,
		Args:    cobra.ExactArgs(1),
	}
	addStringFlags(cmd.Flags(), ledgerFlags())
	addStringFlags(cmd.Flags(), []flagDef{{"reason", "why the release is bad (required)"}, gitTimeoutFlag})
	cmd.Flags().Bool("dry-run", false, "print the plan and change nothing")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		s, err := a.loadSettings(cmd, []string{"text"})
		if err != nil {
			return err
		}
		reason, dryRun := s.Reason, s.DryRun
		ctx, cancel := context.WithTimeout(cmd.Context(), s.GitTimeout)
		defer cancel()
		if strings.TrimSpace(reason) == "" {
			return exit.Usagef("--reason is required: say why release %s is bad (nothing was changed)", args[0])
		}
		platform := a.platform(s)
		repo, l, err := a.openLedger(ctx, platform, s)
		if err != nil {
			return err
		}
		e, ok := l.Find(args[0])
		if !ok {
			return exit.Usagef("release %s is not in the ledger (tags %s): nothing was changed", args[0], s.TagTemplate)
		}
		n := ci.Neutralize
		if e.Bad != nil {
			fmt.Fprintf(a.IO.Out, "Release %s is already marked bad by %s: %s\n", n(e.Record.Build), n(e.Bad.By), n(e.Bad.Reason))
			return nil
		}
		now := a.Now().UTC().Truncate(1e9)
		tagger := repo.Tagger(now)
		by := cmp.Or(s.Actor, tagger.Name)
		mark := record.Bad{Build: e.Record.Build, Tag: e.Tag, Reason: reason, By: by, Time: now}
		name := record.BadPrefix + e.Tag
		if dryRun {
			fmt.Fprintf(a.IO.Out, "Dry run: nothing was changed. Would push tag %s marking release %s bad: %s\n", n(name), n(e.Record.Build), n(reason))
			return nil
		}
		hash, err := repo.NewTag(name, e.Commit, mark.Message(), tagger)
		if err != nil {
			return exit.Failuref("%v (nothing was changed)", err)
		}
		if _, err := repo.PushCreate(ctx, []gitref.Create{{Ref: "refs/tags/" + name, Hash: hash}}, []string{e.Commit}); err != nil {
			st, rerr := repo.ReadRemote(ctx)
			if _, exists := st.Ref("refs/tags/" + name); rerr == nil && exists {
				fmt.Fprintf(a.IO.Out, "Release %s was marked bad meanwhile by another run\n", n(e.Record.Build))
				return nil
			}
			return exit.Failuref("mark release %s bad: %v (nothing was changed)", e.Record.Build, err)
		}
		_ = repo.SetLocalRefIfAbsent("refs/tags/"+name, hash)
		fmt.Fprintf(a.IO.Out, "Marked release %s (%s) bad: %s\n  record   tag %s, by %s at %s\n", n(e.Record.Build), n(e.Tag), n(reason), n(name), n(by), now.Format("2006-01-02T15:04:05Z"))
		return nil
	}
	return cmd
}
