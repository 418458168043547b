// Package exit owns hotlane's exit-code contract (docs/contract.md "Commands and exit codes"): the
// numbers, and the typed error that carries one from where a failure is found
// up to main, which is the only place that exits.
package exit

import (
	"errors"
	"fmt"
)

// The exit codes users' pipelines rely on.
const (
	OK      = 0 // done, or already done
	Missing = 1 // the gate found missing backports
	Usage   = 2 // bad input; reported before anything changed
	Failure = 3 // anything else that failed, including conflicts
)

// Error is an error that decides the process's exit code.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Code returns the exit code for err: OK for nil, the code of the first
// *Error in its chain, else Failure.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Failure
}

// Usagef returns a usage error (exit 2).
func Usagef(format string, args ...any) error {
	return &Error{Code: Usage, Err: fmt.Errorf(format, args...)}
}

// Failuref returns a failure (exit 3).
func Failuref(format string, args ...any) error {
	return &Error{Code: Failure, Err: fmt.Errorf(format, args...)}
}

// WithCode wraps err so that it exits with code; nil stays nil.
func WithCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Err: err}
}
