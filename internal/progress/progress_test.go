package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a test's clock, moved by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestMeterOnATerminal(t *testing.T) {
	t.Parallel()
	var term bytes.Buffer
	c := &clock{t: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}
	m := &Meter{w: &term, now: c.now, start: c.t, counts: map[string]int{}}
	m.Count("lanes read", 5)
	if term.Len() != 0 {
		t.Errorf("work under a second showed itself: %q", term.String())
	}
	c.t = c.t.Add(1500 * time.Millisecond)
	m.Count("commits walked", 12288)
	if got, want := term.String(), "\r\x1b[Klanes read: 5 · commits walked: 12,288"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	m.Finish("gate", &term, nil)
	if !strings.HasSuffix(term.String(), "\r\x1b[K") {
		t.Errorf("the line was not cleared: %q", term.String())
	}
}

func TestMeterInACILogSumsUp(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}
	var stderr, log bytes.Buffer
	m := For(&stderr, true, c.now)
	m.Count("commits walked", 4096)
	c.t = c.t.Add(1234 * time.Millisecond)
	m.Finish("backport gate", &log, []Tally{{"lanes read", 1}, {"commits walked", 20000}})
	if stderr.Len() != 0 {
		t.Errorf("a CI log got a rewritten line: %q", stderr.String())
	}
	if got, want := log.String(), "hotlane: backport gate: lanes read: 1 · commits walked: 20,000 in 1.23s\n"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	// neither a terminal nor CI: nothing at all
	var quiet bytes.Buffer
	none := For(&quiet, false, c.now)
	none.Count("commits walked", 1)
	none.Finish("gate", &quiet, []Tally{{"lanes read", 1}})
	if none != nil || quiet.Len() != 0 {
		t.Errorf("a pipe outside CI got progress: %q", quiet.String())
	}
}

func TestThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20288: "20,288", 1234567: "1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
