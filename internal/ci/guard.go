package ci

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

// NeutralizeLine makes one line of output safe to print in a CI log while
// keeping it a line: control characters but tab are written as escapes (no
// ESC sequence repaints the log, no carriage return hides what came
// before), so are bidi controls and other invisible characters (Hidden),
// and no "##vso[" or "##[" (Azure's commands, GitHub's legacy ones) and no
// leading "::" survive (breakCommands); a markdown heading keeps its "###".
// It does so whatever CI hotlane thinks it runs in: a job told --ci none
// may still run on an agent that reads commands.
func NeutralizeLine(line string) string {
	var b strings.Builder
	for _, r := range line {
		switch {
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\n`)
		case Hidden(r):
			b.WriteString(EscapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return breakCommands(b.String(), false)
}

// Guard is a writer that neutralises every line written through it: what
// hotlane prints (reports in every format, messages, errors) goes through
// a Guard; only the CI commands hotlane itself issues go to the stream
// beneath it. It holds back an unfinished line until the next write or
// Flush.
type Guard struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte
}

// NewGuard guards w.
func NewGuard(w io.Writer) *Guard { return &Guard{w: w} }

// Write neutralises the complete lines of p and writes them.
func (g *Guard) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pending = append(g.pending, p...)
	i := bytes.LastIndexByte(g.pending, '\n')
	if i < 0 {
		return len(p), nil
	}
	if err := g.emit(g.pending[:i+1]); err != nil {
		return 0, err
	}
	g.pending = append(g.pending[:0], g.pending[i+1:]...)
	return len(p), nil
}

// Flush writes an unfinished last line.
func (g *Guard) Flush() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.pending) == 0 {
		return nil
	}
	err := g.emit(g.pending)
	g.pending = g.pending[:0]
	return err
}

func (g *Guard) emit(text []byte) error {
	var b strings.Builder
	lines := strings.SplitAfter(string(text), "\n")
	for _, line := range lines {
		body, nl := strings.CutSuffix(line, "\n")
		b.WriteString(NeutralizeLine(body))
		if nl {
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(g.w, b.String())
	return err
}
