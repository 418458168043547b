package cli

import (
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
)

// Flag sets that commands share.
const (
	// where the clone and its ledger are, and how to reach the remote
	ledgerFlags = "repo remote main environment tag-template branch-template token username ssh-key ssh-key-passphrase ci git-timeout"
	// what the gate reads: the ledger's, the candidate, and how it may reach the remote
	gateFlags = ledgerFlags + " commit offline strict"
	// how to reach GitHub
	githubFlags = "mode github-api-url github-repository http-timeout"
)

// command is one command: its use, its flags (by name: each is a setting,
// whose help config holds, so a flag means the same in every command), its
// formats (the first the default) and what it runs.
type command struct {
	use, short string
	args       cobra.PositionalArgs
	flags      string
	formats    []string
	secretKeys []string // settings it takes only from the environment
	// policy: the command reads the policy in force (the main line's
	// .hotlane.yml), whose defaults its settings take; viaAPI: through the
	// GitHub API where the command would use it.
	policy, viaAPI bool
	run            func(cmd *cobra.Command, s config.Settings, args []string) error
}

func (a *App) newCommand(c command) *cobra.Command {
	cmd := &cobra.Command{Use: c.use, Short: c.short, Args: c.args}
	names := strings.Fields(c.flags)
	if len(c.formats) > 0 {
		names = append(names, "format")
	}
	sort.Strings(names)
	for _, name := range names {
		setting, ok := config.Lookup(name)
		switch {
		case name == "format" && strings.Contains(" "+c.flags+" ", " output "):
			cmd.Flags().String(name, "", "report format, of the --output file when given (stdout keeps text), else of stdout: "+strings.Join(c.formats, ", ")+" (default \""+c.formats[0]+"\")")
		case name == "format":
			cmd.Flags().String(name, "", "output format: "+strings.Join(c.formats, ", ")+" (default \""+c.formats[0]+"\")")
		case !ok:
			panic("hotlane " + c.use + " --" + name + " is not a setting") // a typo in the command's flag list
		case setting.Switch:
			cmd.Flags().Bool(name, false, setting.Help)
		case setting.List:
			cmd.Flags().StringArray(name, nil, setting.Help)
		default:
			cmd.Flags().String(name, "", setting.Help)
		}
	}
	completeValues(cmd, c.formats)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		formats := c.formats
		if len(formats) == 0 {
			formats = []string{"text"}
		}
		s, err := config.Load(config.Sources{Flags: setFlags(cmd.Flags()), Env: a.Env, Formats: formats,
			Keys: append(settingKeys(cmd.Flags()), c.secretKeys...), NeedBuild: cmd.Name() == "release"})
		a.warnUnknownVariables(s)
		if err != nil {
			return err
		}
		if c.policy {
			// the policy is read from the clone, then the command works on
			// it: one open serves both
			defer gitrepo.Hold(s.Repo)()
			if c.viaAPI {
				// one open of the clone, one rule, one GitHub client for
				// the whole run: the policy's read and the command's work
				a.reach = githubAccess(s).Open(s.Repo, s.Remote, credentials(s))
				defer a.reach.Close()
			}
			if s, err = a.applyPolicy(cmd.Context(), s, c.viaAPI, cmd.Flags().Lookup("offline") != nil); err != nil {
				return err
			}
		}
		return c.run(cmd, s, args)
	}
	return cmd
}

// flagValues are the values of the flags that take one of a few, for
// shell completion; --format's are the command's own.
var flagValues = map[string][]string{
	"ci":              ci.Kinds,
	"mode":            {"auto", "git", "github"},
	"env-file-format": {ci.FormatProperties, ci.FormatDotenv},
}

// completeValues tells the shell completion the values of cmd's flags
// that take one of a few; the others complete as cobra does (file names).
func completeValues(cmd *cobra.Command, formats []string) {
	values := map[string][]string{"format": formats}
	for name, v := range flagValues {
		values[name] = v
	}
	for name, v := range values {
		if cmd.Flags().Lookup(name) != nil && len(v) > 0 {
			_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(v, cobra.ShellCompDirectiveNoFileComp))
		}
	}
}

// warnUnknownVariables warns, in the CI's form, of every HOTLANE_*
// variable that nothing reads (a typo names the closest setting).
func (a *App) warnUnknownVariables(s config.Settings) {
	warnings := config.UnknownVariables(a.Env)
	if len(warnings) == 0 {
		return
	}
	sp := a.speaker(s)
	for _, w := range warnings {
		sp.Annotate(ci.Warning, w)
	}
}

// setFlags returns the flags given on the command line, by name.
func setFlags(fs *pflag.FlagSet) map[string]string {
	out := map[string]string{}
	fs.Visit(func(f *pflag.Flag) {
		if f.Value.Type() == "stringArray" { // a repeatable flag: one value a line
			values, _ := fs.GetStringArray(f.Name)
			out[f.Name] = strings.Join(values, "\n")
			return
		}
		out[f.Name] = f.Value.String()
	})
	return out
}

// settingKeys are the settings a command takes: one per flag (--tag-template
// is TAG_TEMPLATE).
func settingKeys(fs *pflag.FlagSet) []string {
	keys := []string{}
	fs.VisitAll(func(f *pflag.Flag) { keys = append(keys, strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))) })
	return keys
}
