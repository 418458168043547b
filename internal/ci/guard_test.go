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

// TestBreakCommandsKeepsMarkdown: only what a runner reads as a command is
// broken; markdown headings and other "#" text stay as written.
func TestBreakCommandsKeepsMarkdown(t *testing.T) {
	t.Parallel()
	const wj = "\u2060"
	tests := []struct{ line, want string }{
		{"### hotfix/41", "### hotfix/41"},
		{"## ✅ Backport gate", "## ✅ Backport gate"},
		{"#### deep", "#### deep"},
		{"fix: parser (#12) and ## notes", "fix: parser (#12) and ## notes"},
		{"### ##vso[task.complete]x", "### #" + wj + "#vso[task.complete]x"},
		{"### fix ##[error]x", "### fix #" + wj + "#[error]x"},
		{"###vso[task.complete]x", "##" + wj + "#vso[task.complete]x"},
		{"###[error]x", "##" + wj + "#[error]x"},
		{"##VSO[task.complete]x", "#" + wj + "#VSO[task.complete]x"},
		{"## [not a command]", "## [not a command]"},
		{"a ##", "a ##"}, // a whole line: nothing follows
		{"::error::x", ":" + wj + ":error::x"},
		{"  \t::error::x", "  \t:" + wj + ":error::x"},
		{"\u00a0::error::x", "\u00a0:" + wj + ":error::x"},
		{"\u3000::error::x", "\u3000:" + wj + ":error::x"},
		{"see ::error::x", "see ::error::x"}, // GitHub reads :: only at the start
	}
	for _, tt := range tests {
		if got := NeutralizeLine(tt.line); got != tt.want {
			t.Errorf("NeutralizeLine(%q) = %q, want %q", tt.line, got, tt.want)
		}
		if got := NeutralizeLine(NeutralizeLine(tt.line)); got != tt.want {
			t.Errorf("NeutralizeLine twice on %q = %q, want %q", tt.line, got, tt.want)
		}
	}
	// a fragment may be joined to more text: its trailing "##" is broken
	if got := Neutralize("lane ##"); got != "lane #"+wj+"#" {
		t.Errorf("Neutralize(%q) = %q", "lane ##", got)
	}
	if got := Neutralize("### heading text"); got != "### heading text" {
		t.Errorf("Neutralize broke a heading: %q", got)
	}
}
