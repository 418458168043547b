package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
)

// TestExitCodeOfEachKind is the contract's table (docs/contract.md
// "Commands and exit codes"), kind by kind.
func TestExitCodeOfEachKind(t *testing.T) {
	t.Parallel()
	refusal := fault.Refusedf("promotion control: staging has not released it")
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"done", nil, 0},
		{"missing backports", &missingBackports{missing: 2}, 1},
		{"missing backports and a refusal", &missingBackports{missing: 2, refusal: refusal}, 1},
		{"a refusal", refusal, 1},
		{"a refusal wrapped", fmt.Errorf("release 7: %w", refusal), 1},
		{"bad input", fault.Invalidf("--build is required"), 2},
		{"a command line that does not parse", &usageError{err: fault.Wrap(fault.Invalid, errors.New("unknown flag: --x"))}, 2},
		{"a conflict", fault.Conflictf("prod-7 is at another commit"), 3},
		{"unavailable", fault.Unavailablef("read the remote: %w", errors.New("connection refused")), 3},
		{"failed", fault.Failedf("push: %w", errors.New("denied")), 3},
		{"a failure of a step whose cause was bad input below", fault.Failedf("read: %w", fault.Invalidf("x")), 3},
		{"an error of no kind", errors.New("anything"), 3},
		{"a kind cli does not know", fault.Wrap(fault.Kind(99), errors.New("x")), 3},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

// TestCommandLinesThatDoNotParse: each way a command line can be wrong is
// exit 2, says what is wrong, and points to the help of the command it
// reached.
func TestCommandLinesThatDoNotParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		err  string
		help string
	}{
		{"unknown command", []string{"relase"}, `unknown command "relase" for "hotlane"`, "hotlane"},
		{"unknown command with flags", []string{"nosuch", "--build", "1"}, `unknown command "nosuch" for "hotlane"`, "hotlane"},
		{"unknown flag", []string{"status", "--nosuch"}, "unknown flag: --nosuch", "hotlane status"},
		{"unknown shorthand flag", []string{"status", "-q"}, "unknown shorthand flag: 'q' in -q", "hotlane status"},
		{"missing flag argument", []string{"status", "--environment"}, "flag needs an argument: --environment", "hotlane status"},
		{"extra args", []string{"check", "extra"}, `unknown command "extra" for "hotlane check"`, "hotlane check"},
		{"too many args", []string{"mark-bad", "1", "2", "--reason", "x"}, "accepts 1 arg(s), received 2", "hotlane mark-bad"},
		{"too few args", []string{"mark-bad", "--reason", "x"}, "accepts 1 arg(s), received 0", "hotlane mark-bad"},
		{"bad flag value", []string{"status", "--offline=maybe"}, `invalid argument "maybe" for "--offline"`, "hotlane status"},
		{"extra args to version", []string{"version", "now"}, `unknown command "now" for "hotlane version"`, "hotlane version"},
		{"extra args to a completion script", []string{"completion", "bash", "x"}, `unknown command "x" for "hotlane completion bash"`, "hotlane completion bash"},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, nil, tt.args...)
		want := "hotlane: " + tt.err
		if code != 2 || !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "\nRun '"+tt.help+" --help' for usage.\n") || stdout != "" {
			t.Errorf("%s: hotlane %v: exit %d, stdout %q, stderr %q; want 2 and %q, pointing to %s --help", tt.name, tt.args, code, stdout, stderr, want, tt.help)
		}
	}
}

// TestBadInputAfterParsingIsNotAUsageLine: bad input that is not a
// command line (here a completion for a shell hotlane does not know) is
// exit 2 without the pointer to --help, and a run that parses is not a
// usage error.
func TestBadInputAfterParsingIsNotAUsageLine(t *testing.T) {
	t.Parallel()
	code, _, stderr := run(t, nil, "completion", "tcsh")
	if code != 2 || !strings.Contains(stderr, `no completion for the shell "tcsh"`) || strings.Contains(stderr, "--help") {
		t.Errorf("completion tcsh: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := run(t, nil, "__complete", "rel")
	if code != 0 || !strings.HasPrefix(stdout, "release\t") || strings.Contains(stderr, "hotlane:") {
		t.Errorf("__complete rel: exit %d, stdout %q, stderr %q; want the completion of release", code, stdout, stderr)
	}
}
