// Package fault owns what kind of failure an error is: bad input, a rule's
// refusal, a conflict with the remote, a remote that could not be reached,
// or any other failure. Domain packages say the kind where they find the
// failure; internal/cli alone turns a kind into an exit code
// (docs/contract.md "Commands and exit codes"). No number lives here.
package fault

import (
	"errors"
	"fmt"
)

// Kind is what kind of failure an error is.
type Kind int

// The kinds. Failed is the zero value: an error that says nothing else is a
// failure.
const (
	// Failed: anything else that went wrong (a read, a write, a bug).
	Failed Kind = iota
	// Invalid: bad input (a flag, a setting, a policy file, a name that
	// does not resolve), reported before anything changed.
	Invalid
	// Refused: a rule said no: a promotion refusal, hotfix commits that a
	// release or a retirement requires to be backported and are not.
	Refused
	// Conflict: the remote holds something else: a tag at another commit,
	// a lane elsewhere, a race lost to another run.
	Conflict
	// Unavailable: a remote, an API or a clone could not be reached or
	// read, so the answer is unknown (never taken as "nothing there").
	Unavailable
)

var names = [...]string{Failed: "failed", Invalid: "invalid", Refused: "refused", Conflict: "conflict", Unavailable: "unavailable"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(names) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return names[k]
}

// Error is an error of a known kind; its cause stays reachable through
// errors.Is and errors.As.
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of the outermost *Error in err's chain (the
// closest to the user decides), else Failed. err must not be nil.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Failed
}

// Is says whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Wrap marks err as kind k; nil stays nil.
func Wrap(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err}
}

// Invalidf returns bad input, formatted as fmt.Errorf does (wrap causes
// with %w).
func Invalidf(format string, args ...any) error { return newf(Invalid, format, args) }

// Refusedf returns a rule's refusal.
func Refusedf(format string, args ...any) error { return newf(Refused, format, args) }

// Conflictf returns a conflict with what the remote holds.
func Conflictf(format string, args ...any) error { return newf(Conflict, format, args) }

// Unavailablef returns a remote, API or clone that could not be read.
func Unavailablef(format string, args ...any) error { return newf(Unavailable, format, args) }

// Failedf returns a failure; it also overrides the kind of a cause it
// wraps, for a step whose failure is not the cause's (a cause that was bad
// input to a lower layer is a failure of this one).
func Failedf(format string, args ...any) error { return newf(Failed, format, args) }

func newf(k Kind, format string, args []any) error {
	return &Error{Kind: k, Err: fmt.Errorf(format, args...)}
}
