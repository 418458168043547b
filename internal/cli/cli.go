// Package cli owns hotlane's command line: the commands, their flags and
// help, and the mapping of errors to exit codes. It is the only package that
// knows about flags; each command parses into settings and calls a plain
// function that does the work.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/gitops"
)

// IO are the streams a command talks to.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// App is one invocation's world: its streams, environment and clock.
type App struct {
	IO  IO
	Env map[string]string
	Now func() time.Time
	// redact hides every secret hotlane knows of from text it prints;
	// secrets holds them (protect adds to it).
	redact  func(string) string
	secrets *gitops.Redactor
	// raw are the streams beneath the guarded IO: only CI commands that
	// hotlane issues itself are written to them.
	raw IO
}

// Main runs hotlane with args and returns the exit code.
func Main(ctx context.Context, streams IO, args []string, environ map[string]string) int {
	if percent, ok := config.GCPercent(environ); ok {
		debug.SetGCPercent(percent)
	}
	app := &App{IO: streams, Env: environ, Now: time.Now}
	return app.Run(ctx, args)
}

// Run executes one command line.
func (a *App) Run(ctx context.Context, args []string) int {
	// every byte hotlane prints goes through a guard that neutralises CI
	// commands and control characters in it; only the commands hotlane
	// issues itself (through the CI platform) go to the raw streams
	a.raw = a.IO
	if a.secrets == nil {
		a.secrets = gitops.NewRedactor()
		a.redact = a.secrets.String
	}
	out, errs := ci.NewGuard(a.IO.Out), ci.NewGuard(a.IO.Err)
	a.IO.Out, a.IO.Err = out, errs
	defer func() {
		_ = out.Flush()
		_ = errs.Flush()
		a.IO = a.raw
	}()
	root := a.newRoot()
	root.SetArgs(args)
	root.SetIn(a.IO.In)
	root.SetOut(a.IO.Out)
	root.SetErr(a.IO.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exit.OK
	}
	code := exit.Code(err)
	var flagErr *flagError
	if errors.As(err, &flagErr) || isCobraUsage(err) {
		code = exit.Usage
	}
	fmt.Fprintf(a.IO.Err, "hotlane: %s\n", a.redact(err.Error()))
	if code == exit.Usage && isCobraUsage(err) {
		fmt.Fprintf(a.IO.Err, "Run 'hotlane --help' for usage.\n")
	}
	return code
}

type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag") || strings.Contains(msg, "accepts ") ||
		strings.HasPrefix(msg, "invalid argument") || strings.Contains(msg, "flag needs an argument")
}

func (a *App) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "hotlane",
		Short: "Tag production releases, open their hotfix lanes, and gate the next release on backports",
		Long: `hotlane runs as one step of your deploy pipeline (GitHub Actions, Jenkins, Azure DevOps,
GitLab, or any shell). After a production deploy, 'hotlane release' tags the deployed commit
with a machine-readable record and creates the hotfix branch for it, so a fix for what is in
production can start at once.

Every flag can also be set as HOTLANE_<FLAG> (for example HOTLANE_TAG_TEMPLATE), and inside
GitHub Actions as the action input of the same name. The CI's own variables fill in the build
number, commit, branch and pipeline URL.

Exit codes: 0 done (or already done), 1 the gate found missing backports, 2 bad input
(nothing changed), 3 failure or conflict (the message says what changed).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &flagError{err} })
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(a.newReleaseCmd(), a.newCheckCmd(), a.newBackportCmd(), a.newStatusCmd(), a.newRollbackCmd(), a.newMarkBadCmd(), a.newDemoCmd(), a.newVersionCmd())
	return root
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

// Environ turns os.Environ-style "KEY=value" entries into a map.
func Environ(entries []string) map[string]string {
	env := make(map[string]string, len(entries))
	for _, e := range entries {
		if k, v, ok := strings.Cut(e, "="); ok {
			env[k] = v
		}
	}
	return env
}
