package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotlane/hotlane/internal/suggest"
)

// suggestFlag adds to an unknown flag's error the flags of the command
// that it is close to ("--bulid": did you mean --build?), or else the
// commands that take it ("check --build": release takes it). cobra
// suggests commands, not flags.
func suggestFlag(c *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var own []string
	c.Flags().VisitAll(func(f *pflag.Flag) { own = append(own, f.Name) })
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) { own = append(own, f.Name) })
	if near := suggest.Closest(name, own); near != nil {
		return fmt.Errorf("%w; %s", err, suggest.Phrase(near, func(f string) string { return "--" + f }))
	}
	var takers []string
	for _, other := range c.Root().Commands() {
		if other != c && other.Flags().Lookup(name) != nil {
			takers = append(takers, other.Name())
		}
	}
	if len(takers) > 0 {
		return fmt.Errorf("%w; %s takes no --%s (hotlane %s does)", err, c.CommandPath(), name, strings.Join(takers, ", "))
	}
	return err
}
