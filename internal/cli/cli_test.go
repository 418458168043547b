package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/hotlane/hotlane/internal/config"
)

func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{IO: IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, Env: env,
		Now: func() time.Time { return time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC) }}
	code = app.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		env  map[string]string
		code int
		err  string
	}{
		{[]string{"version"}, nil, 0, ""},
		{[]string{"nosuch"}, nil, 2, "unknown command"},
		{[]string{"release", "--nosuch"}, nil, 2, "unknown flag"},
		{[]string{"release", "extra-arg", "--build", "1"}, nil, 2, "unknown command"},
		{[]string{"release", "--dry-run=maybe", "--build", "1"}, nil, 2, "invalid argument"},
		{[]string{"release", "--build", "1", "--repo", "/nonexistent/hotlane"}, nil, 2, "open git repository"},
		{[]string{"release"}, map[string]string{"HOTLANE_FORMAT": "xml"}, 2, "--format \"xml\""},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, tt.env, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.err) {
			t.Errorf("hotlane %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.err)
		}
	}
}

func TestEnviron(t *testing.T) {
	t.Parallel()
	got := Environ([]string{"A=1", "B=x=y", "C=", "junk"})
	if len(got) != 3 || got["A"] != "1" || got["B"] != "x=y" || got["C"] != "" {
		t.Errorf("Environ = %v", got)
	}
}

// TestEveryFlagIsASetting: every flag of every command is a setting that
// config reads, so its HOTLANE_* variable (and action input) works too; a
// flag bound straight to a variable would ignore them.
func TestEveryFlagIsASetting(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[config.FlagName(k)] = true
	}
	app := &App{}
	var walk func(c *cobra.Command)
	flags := 0
	walk = func(c *cobra.Command) {
		if c.Name() == "completion" {
			return // cobra's own: its --no-descriptions is no setting
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			flags++
			if !known[f.Name] {
				t.Errorf("hotlane %s --%s is not a setting: HOTLANE_%s would be ignored", c.Name(), f.Name, strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_")))
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(app.newRoot())
	if flags < 50 {
		t.Errorf("only %d flags seen", flags)
	}
}

// TestEveryCommandHasHelp: each command's long help and examples are found
// in help/<command>.txt (a renamed command would lose them silently).
func TestEveryCommandHasHelp(t *testing.T) {
	t.Parallel()
	root := (&App{}).newRoot()
	for _, c := range append(root.Commands(), root) {
		if c.Name() == "version" || c.Name() == "help" {
			continue
		}
		if len(c.Long) < 80 {
			t.Errorf("hotlane %s has no long help (help/%s.txt)", c.Name(), c.Name())
		}
	}
	if !strings.Contains(root.Long, "Exit codes") {
		t.Errorf("the root help lost its exit codes: %q", root.Long)
	}
}

// TestCompletionScriptsAreWrittenWhole: the guard on stdout leaves the
// completion scripts exactly as cobra writes them.
func TestCompletionScriptsAreWrittenWhole(t *testing.T) {
	t.Parallel()
	root := (&App{}).newRoot()
	for shell, gen := range map[string]func(*bytes.Buffer) error{
		"bash":       func(b *bytes.Buffer) error { return root.GenBashCompletionV2(b, true) },
		"zsh":        func(b *bytes.Buffer) error { return root.GenZshCompletion(b) },
		"fish":       func(b *bytes.Buffer) error { return root.GenFishCompletion(b, true) },
		"powershell": func(b *bytes.Buffer) error { return root.GenPowerShellCompletionWithDesc(b) },
	} {
		var want bytes.Buffer
		if err := gen(&want); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := run(t, nil, "completion", shell)
		if code != 0 || stdout != want.String() || len(stdout) < 1000 {
			t.Errorf("hotlane completion %s: exit %d, %d bytes (cobra writes %d), stderr %q", shell, code, len(stdout), want.Len(), stderr)
		}
	}
}

// TestProfiles: HOTLANE_CPUPROFILE and HOTLANE_MEMPROFILE write profiles
// go tool pprof reads (gzip, as pprof writes them); a file that cannot be
// written is bad input, said before anything runs.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	var out, errOut bytes.Buffer
	streams := IO{In: strings.NewReader(""), Out: &out, Err: &errOut}
	if code := Main(context.Background(), streams, []string{"version"}, map[string]string{"HOTLANE_CPUPROFILE": cpu, "HOTLANE_MEMPROFILE": mem}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, path := range []string{cpu, mem} {
		if b, err := os.ReadFile(path); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, %v", filepath.Base(path), len(b), err)
		}
	}
	code := Main(context.Background(), streams, []string{"version"}, map[string]string{"HOTLANE_MEMPROFILE": filepath.Join(dir, "no", "such", "dir", "mem.prof")})
	if code != 2 || !strings.Contains(errOut.String(), "HOTLANE_MEMPROFILE") {
		t.Errorf("an unwritable profile: exit %d, %q", code, errOut.String())
	}
}
