package ci

import (
	"bytes"
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	g := NewGuard(&out)
	for _, piece := range []string{"ok line\n##vso[task.setvariable va", "riable=x]y\n  ::error::z\n", "\x1b[31mred\x07\tand a tab\n", "no newline ##[error]"} {
		if _, err := g.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "no newline") {
		t.Error("an unfinished line was written before Flush")
	}
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "ok line\n#\u2060#vso[task.setvariable variable=x]y\n  :\u2060:error::z\n\\x1b[31mred\\x07\tand a tab\nno newline #\u2060#[error]"
	if out.String() != want {
		t.Errorf("guarded output %q, want %q", out.String(), want)
	}
	if NeutralizeLine(NeutralizeLine("##vso[x]::y")) != NeutralizeLine("##vso[x]::y") {
		t.Error("neutralising twice changes the line")
	}
}
