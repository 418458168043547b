// Package cli owns hotlane's command line, and only that: the commands,
// their flags (each a config setting) and help, the mapping of the settings
// in force to a use case's Options, the call of its Run, its rendering, and
// the mapping of errors to exit codes. It is the only package that knows
// about flags; the work is done by the use cases (release, gate, status,
// rollback, markbad, backport), which tests call directly.
package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/policyio"
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
	// secrets are every secret hotlane knows of in this run: hidden from
	// everything it prints (the speaker adds the ones it meets).
	secrets *gitrepo.Redactor
	// raw are the streams beneath the guarded IO: only CI commands that
	// hotlane issues itself are written to them.
	raw IO
	// policy is the policy in force for the command being run, read once
	// before it changes anything (applyPolicy).
	policy policyio.InForce
	// reach is the run's way to the repository, for the commands that may
	// use the GitHub API (release): opened once, with the policy's read
	reach *access.Reach
}

// Main runs hotlane with args and returns the exit code.
func Main(ctx context.Context, streams IO, args []string, environ map[string]string) int {
	if percent, ok := config.GCPercent(environ); ok {
		debug.SetGCPercent(percent)
	}
	if limit, ok := config.MemoryLimit(environ); ok {
		debug.SetMemoryLimit(limit)
	}
	if cpu, mem := config.Profiles(environ); cpu != "" || mem != "" {
		stop, err := startProfiles(cpu, mem)
		if err != nil {
			err = fault.Invalidf("HOTLANE_CPUPROFILE, HOTLANE_MEMPROFILE: %w", err)
			fmt.Fprintf(streams.Err, "hotlane: %v\n", err)
			return exitCode(err)
		}
		defer stop()
	}
	app := &App{IO: streams, Env: environ, Now: time.Now}
	return app.Run(ctx, args)
}

// startProfiles profiles the run's CPU into the file cpu until stop, and
// writes to the file mem a heap profile taken when the heap was at its
// largest (what was in use then, and every allocation before); either
// may be empty.
func startProfiles(cpu, mem string) (stop func(), err error) {
	var files []*os.File
	for _, path := range []string{cpu, mem} {
		var f *os.File
		if path != "" {
			if f, err = os.Create(path); err != nil {
				for _, g := range files {
					_ = g.Close()
				}
				return nil, err
			}
		}
		files = append(files, f)
	}
	if files[0] != nil {
		if err := pprof.StartCPUProfile(files[0]); err != nil {
			return nil, err
		}
	}
	var peak *heapPeak
	if files[1] != nil {
		peak = watchHeap()
	}
	return func() {
		if files[0] != nil {
			pprof.StopCPUProfile()
			_ = files[0].Close()
		}
		if files[1] != nil {
			_, _ = files[1].Write(peak.stop())
			_ = files[1].Close()
		}
	}, nil
}

// heapPeak keeps the heap profile taken at the largest heap seen: the
// peak of memory is mid-run, long before the end.
type heapPeak struct {
	done    chan struct{}
	stopped chan []byte
}

func watchHeap() *heapPeak {
	h := &heapPeak{done: make(chan struct{}), stopped: make(chan []byte)}
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var largest uint64
		var profile bytes.Buffer
		take := func() {
			profile.Reset()
			_ = pprof.WriteHeapProfile(&profile)
		}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.done:
				if profile.Len() == 0 {
					take()
				}
				h.stopped <- profile.Bytes()
				return
			case <-tick.C:
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > largest+largest/10 {
					largest = v
					take()
				}
			}
		}
	}()
	return h
}

// stop ends the watch and returns the profile taken at the peak.
func (h *heapPeak) stop() []byte {
	close(h.done)
	return <-h.stopped
}

// Run executes one command line.
func (a *App) Run(ctx context.Context, args []string) int {
	// every byte hotlane prints goes through a guard that neutralises CI
	// commands and control characters in it; only the commands hotlane
	// issues itself (through the CI platform) go to the raw streams
	a.raw = a.IO
	if a.secrets == nil {
		a.secrets = gitrepo.NewRedactor()
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
	err := unknownCommand(root, args, root.ExecuteContext(ctx))
	if err == nil {
		return exitCode(nil)
	}
	fmt.Fprintf(a.IO.Err, "hotlane: %s\n", a.secrets.String(err.Error()))
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(a.IO.Err, "Run '%s --help' for usage.\n", usage.command)
	}
	return exitCode(err)
}

func (a *App) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "hotlane",
		Short:         "Tag production releases, open their hotfix lanes, and gate the next release on backports",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return newUsageError(c, suggestFlag(c, err))
	})
	// hotlane --version prints what hotlane version does; cobra's
	// completion command writes bash, zsh, fish and PowerShell scripts
	root.Version = versionLine()
	root.SetVersionTemplate("{{.Version}}\n")
	defer addHelp(root)
	root.AddCommand(a.newReleaseCmd(), a.newCheckCmd(), a.newBackportCmd(), a.newStatusCmd(), a.newRollbackCmd(), a.newMarkBadCmd(), a.newRetireCmd(), a.newInitCmd(), a.newDemoCmd(), a.newVersionCmd())
	root.SetOut(a.IO.Out) // before the completion command, which keeps the writer it finds
	root.SetErr(a.IO.Err)
	addCompletion(root)
	usageArgs(root)
	return root
}

// addCompletion adds cobra's completion command, which refuses a shell it
// does not know (exit 2) instead of printing its help.
func addCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	completion, _, err := root.Find([]string{"completion"})
	if err != nil || completion == root {
		panic("cobra's completion command is missing")
	}
	completion.Args = cobra.ArbitraryArgs
	completion.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return fault.Invalidf("no completion for the shell %q: want bash, zsh, fish or powershell (hotlane completion SHELL)", args[0])
	}
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
