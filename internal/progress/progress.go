// Package progress owns how long work shows itself: on a terminal, one
// line on stderr rewritten in place with the phase and its count, once the
// work has taken a second; in a CI log, where nothing is rewritten, one
// summary line with the time when the work is done. Its text is hotlane's
// own (phase names and numbers), never anything from outside.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Meter shows progress on a terminal, or sums it up in a CI log. A nil
// Meter does nothing.
type Meter struct {
	w      io.Writer // the terminal; nil: a CI log, summed up at the end
	now    func() time.Time
	start  time.Time
	counts map[string]int
	order  []string
	shown  bool
}

// after is how long work runs before the meter shows it: shorter work
// would only flicker.
const after = time.Second

// For is the progress of work that begins now: shown on stderr when it is
// a terminal, summed up in one line when the run is in CI, and nothing
// (nil) otherwise.
func For(stderr io.Writer, inCI bool, now func() time.Time) *Meter {
	m := &Meter{now: now, start: now(), counts: map[string]int{}}
	switch {
	case IsTerminal(stderr):
		m.w = stderr
	case !inCI:
		return nil
	}
	return m
}

// Tally is a phase's final count.
type Tally struct {
	Phase string
	N     int
}

// Finish ends the work: on a terminal the line is cleared; in a CI log
// one line says what was done and how long it took ("hotlane: backport
// gate: lanes read: 5 · commits walked: 20,000 in 1.2s").
func (m *Meter) Finish(what string, log io.Writer, final []Tally) {
	if m == nil {
		return
	}
	if m.w != nil {
		m.Done()
		return
	}
	m.counts, m.order = map[string]int{}, nil
	for _, t := range final {
		m.set(t.Phase, t.N)
	}
	fmt.Fprintln(log, m.Summary(what))
}

// Count records n for phase (-1: under way, with no count) and, once the work has taken a second,
// rewrites the line: "commits walked: 12,288 · file changes diffed: 512".
func (m *Meter) Count(phase string, n int) {
	if m == nil {
		return
	}
	m.set(phase, n)
	if m.w == nil || m.now().Sub(m.start) < after {
		return
	}
	fmt.Fprintf(m.w, "\r\x1b[K%s", m.line())
	m.shown = true
}

func (m *Meter) set(phase string, n int) {
	if _, seen := m.counts[phase]; !seen {
		m.order = append(m.order, phase)
	}
	m.counts[phase] = n
}

// Done clears the line, if one was shown.
func (m *Meter) Done() {
	if m != nil && m.shown {
		fmt.Fprint(m.w, "\r\x1b[K")
		m.shown = false
	}
}

// Summary is one line that says what the work did and how long it took.
func (m *Meter) Summary(what string) string {
	return fmt.Sprintf("hotlane: %s: %s in %s", what, m.line(), m.now().Sub(m.start).Round(10*time.Millisecond))
}

func (m *Meter) line() string {
	parts := make([]string, 0, len(m.order))
	for _, phase := range m.order {
		if n := m.counts[phase]; n >= 0 {
			parts = append(parts, phase+": "+Thousands(n))
		} else {
			parts = append(parts, phase+"…") // under way, with no count
		}
	}
	return strings.Join(parts, " · ")
}

// Thousands writes n with thousands separators: 12,288.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// IsTerminal says w is a terminal (a character device), where a line can
// be rewritten in place.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
