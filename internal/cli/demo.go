package cli

import (
	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/demo"
)

func (a *App) newDemoCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole flow in a throwaway origin and clone, narrating each step",
		Long: `demo creates a temporary bare "origin" and a clone of it, makes a few commits, and runs
the real hotlane commands against them: a production release, a hotfix on the lane, and a
re-run that changes nothing. It needs no network and no token, and removes what it made
(unless --keep).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.loadSettings(cmd, []string{"text"})
			if err != nil {
				return err
			}
			return demo.Run(cmd.Context(), demo.Options{
				Out: a.IO.Out, Keep: s.Keep, Now: a.Now,
				Hotlane: func(dir string, args ...string) int {
					sub := &App{IO: IO{In: a.IO.In, Out: a.IO.Out, Err: a.IO.Out}, Env: map[string]string{"HOTLANE_REPO": dir}, Now: a.Now,
						redact: func(s string) string { return s }}
					return sub.Run(cmd.Context(), args)
				},
			})
		},
	}
	cmd.Flags().Bool("keep", false, "keep the temporary repositories and print where they are")
	return cmd
}
