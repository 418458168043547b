package cli

import (
	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/demo"
)

func (a *App) newDemoCmd() *cobra.Command {
	return a.newCommand(command{
		use: "demo", short: "Run the whole flow in a throwaway origin and clone, narrating each step", args: cobra.NoArgs,
		flags: "keep",
		run: func(cmd *cobra.Command, s config.Settings, _ []string) error {
			return demo.Run(cmd.Context(), demo.Options{
				Out: a.IO.Out, Keep: s.Keep, Now: a.Now,
				Hotlane: func(dir string, args ...string) int {
					sub := &App{IO: IO{In: a.IO.In, Out: a.IO.Out, Err: a.IO.Out}, Env: map[string]string{"HOTLANE_REPO": dir}, Now: a.Now}
					return sub.Run(cmd.Context(), args)
				},
			})
		},
	})
}
