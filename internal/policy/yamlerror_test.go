package policy

import (
	"errors"
	"strings"
	"testing"
)

// TestInvalidYAMLKeepsItsCause: the parser's error is said on one line,
// and still wrapped, so errors.Is/As see it.
func TestInvalidYAMLKeepsItsCause(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"a: [\n", "a: 1\n---\nb: [\n"} {
		_, err := Parse([]byte(text))
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Fatalf("%q: %v, want one line", text, err)
		}
		var line oneLine
		if !errors.As(err, &line) || errors.Unwrap(line) == nil || !strings.Contains(err.Error(), "not valid YAML: yaml: ") {
			t.Errorf("%q: %v: the parser's error is not wrapped", text, err)
		}
	}
}
