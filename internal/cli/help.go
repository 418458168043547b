package cli

import (
	"embed"
	"strings"

	"github.com/spf13/cobra"
)

// The commands' long help lives in help/<command>.txt: the description,
// then an "Examples:" section.
//
//go:embed help/*.txt
var helpFiles embed.FS

// addHelp gives cmd and its subcommands their long help and examples.
func addHelp(cmd *cobra.Command) {
	if text, err := helpFiles.ReadFile("help/" + cmd.Name() + ".txt"); err == nil {
		long, example, _ := strings.Cut(string(text), "\nExamples:\n")
		cmd.Long, cmd.Example = strings.TrimRight(long, "\n"), strings.TrimRight(example, "\n")
	}
	for _, sub := range cmd.Commands() {
		addHelp(sub)
	}
}
