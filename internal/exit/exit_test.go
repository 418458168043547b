package exit

import (
	"errors"
	"fmt"
	"testing"
)

func TestCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want int
	}{
		{nil, OK},
		{errors.New("plain"), Failure},
		{Usagef("bad %s", "flag"), Usage},
		{Failuref("push"), Failure},
		{WithCode(Missing, errors.New("gate")), Missing},
		{fmt.Errorf("wrapped: %w", Usagef("x")), Usage},
		{WithCode(Usage, nil), OK},
	}
	for _, tt := range tests {
		if got := Code(tt.err); got != tt.want {
			t.Errorf("Code(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}
