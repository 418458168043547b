package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hotlane/hotlane/internal/fault"
)

// The exit codes users' pipelines rely on (docs/contract.md "Commands and
// exit codes"). They live here and nowhere else: the packages below cli say
// what kind of failure an error is (internal/fault), and exitCode alone
// turns that into a number.
const (
	exitOK       = 0 // done, or already done
	exitFindings = 1 // the gate found missing backports, or a rule refused
	exitUsage    = 2 // bad input, reported before anything changed
	exitFailure  = 3 // anything else that failed, including conflicts
)

// exitCode is the exit code of a run that ended with err.
func exitCode(err error) int {
	var missing *missingBackports
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &missing):
		return exitFindings
	}
	switch fault.KindOf(err) {
	case fault.Invalid:
		return exitUsage
	case fault.Refused:
		return exitFindings
	case fault.Conflict, fault.Unavailable, fault.Failed:
		return exitFailure
	}
	return exitFailure
}

// missingBackports is the gate's finding, hotfix commits missing from the
// candidate, as the error that ends hotlane check: a result of the gate
// (check.Result), not a failure of a kind. A promotion refusal said with it
// is its cause.
type missingBackports struct {
	missing int
	refusal error
}

func (m *missingBackports) Error() string {
	if m.refusal != nil {
		return fmt.Sprintf("%v; and %d hotfix commit(s) are missing from the candidate", m.refusal, m.missing)
	}
	return fmt.Sprintf("%d hotfix commit(s) missing from the candidate", m.missing)
}

func (m *missingBackports) Unwrap() error { return m.refusal }

// usageError is a command line that does not parse (an unknown command or
// flag, a flag without its value or with a bad one, extra arguments): bad
// input, answered with a pointer to the command's help. command is the
// command's path ("hotlane release").
type usageError struct {
	err     error
	command string
}

func newUsageError(cmd *cobra.Command, err error) error {
	return &usageError{err: fault.Wrap(fault.Invalid, err), command: cmd.CommandPath()}
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageArgs makes the argument check of cmd and of every command beneath
// it return a usageError: cobra's own validators return plain errors.
func usageArgs(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				return newUsageError(c, err)
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		usageArgs(sub)
	}
}

// unknownCommand turns err into a usageError when the command line names
// no command: cobra's lookup (Find) is the only step that fails that way,
// and it fails the same when asked again, after the run, with the same
// commands in place (the run added its help and completion commands, and
// keeps the completion request command only when it was asked for).
func unknownCommand(root *cobra.Command, args []string, err error) error {
	if err == nil {
		return nil
	}
	if _, _, lookupErr := root.Find(args); lookupErr != nil {
		return newUsageError(root, err)
	}
	return err
}
