package fault

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
)

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"plain", errors.New("plain"), Failed},
		{"invalid", Invalidf("bad %s", "flag"), Invalid},
		{"refused", Refusedf("no"), Refused},
		{"conflict", Conflictf("tag elsewhere"), Conflict},
		{"unavailable", Unavailablef("remote down"), Unavailable},
		{"failed", Failedf("push"), Failed},
		{"wrapped", fmt.Errorf("outer: %w", Invalidf("x")), Invalid},
		{"outermost wins", Failedf("step: %w", Invalidf("x")), Failed},
		{"wrap", Wrap(Conflict, errors.New("x")), Conflict},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("%s: KindOf(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestCausesStayReachable(t *testing.T) {
	t.Parallel()
	err := Unavailablef("read the remote: %w", fs.ErrNotExist)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "read the remote: file does not exist" {
		t.Errorf("%v: the cause is lost", err)
	}
	if Wrap(Invalid, nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
	if Is(nil, Failed) || !Is(Refusedf("x"), Refused) || Is(Refusedf("x"), Failed) {
		t.Error("Is disagrees with KindOf")
	}
	if Kind(42).String() != "Kind(42)" || Unavailable.String() != "unavailable" {
		t.Error("Kind.String")
	}
}
