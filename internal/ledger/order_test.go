package ledger

import (
	"strings"
	"testing"
)

// The ledger's order is when releases were recorded, never how their build
// ids sort; every question the commands ask of it follows that order.
func TestOrderIsWhenRecorded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tags []Tag
		// order is the builds oldest first; current, previous (Before
		// the current) and rollback (PreviousApproved from the current)
		// are what the commands get.
		order, current, previous, rollback string
	}{
		{"build ids that sort the other way: a lane job's own BUILD_NUMBER",
			tags(rel("103", "at=1"), rel("103.1", "at=2"), rel("2", "at=3")), "103 103.1 2", "2", "103.1", "103.1"},
		{"a date-based id after a plain one",
			tags(rel("20261122.3", "at=1"), rel("9", "at=2")), "20261122.3 9", "9", "20261122.3", "20261122.3"},
		{"equal times: builds compared as numbers",
			tags(rel("10", "at=5"), rel("9", "at=5"), rel("100", "at=5")), "9 10 100", "100", "10", "10"},
		{"a record without a time orders by its tag's time",
			tags(rel("50", "hand=1"), rel("7", "at=2"), rel("51", "hand=3")), "50 7 51", "51", "7", "7"},
		{"a hand-made record tagged after a recorded one",
			tags(rel("8", "at=10"), rel("3", "hand=20")), "8 3", "3", "8", "8"},
		{"a rollback recorded under a smaller id is current",
			tags(rel("41", "at=1"), rel("42", "at=2", "bad"), rel("5", "at=3", "rb=42", "c=c41")), "41 42 5", "5", "42", "error: no approved release"},
		{"a rollback of a bad release is not a target, by time",
			tags(rel("30", "at=1"), rel("31", "at=2", "bad"), rel("1", "at=3", "rb=31", "c=c30"), rel("32", "at=4", "bad")), "30 31 1 32", "32", "1", "30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := Read(tt.tags, tmpl(t), "production")
			if got := strings.Join(l.Builds(0), " "); got != reverse(tt.order) {
				t.Errorf("order (newest first) %q, want %q", got, reverse(tt.order))
			}
			cur, ok := l.Current()
			if !ok || cur.Record.Build != tt.current {
				t.Errorf("current %q, want %q", cur.Record.Build, tt.current)
			}
			if prev, _ := l.Before(cur.Record.Build); prev.Record.Build != tt.previous {
				t.Errorf("before the current: %q, want %q", prev.Record.Build, tt.previous)
			}
			e, err := l.PreviousApproved(cur.Record.Build)
			got := e.Record.Build
			if err != nil {
				got = "error: " + err.Error()
			}
			if !strings.HasPrefix(got, tt.rollback) {
				t.Errorf("rollback target %q, want %q", got, tt.rollback)
			}
		})
	}
}

// A release about to be recorded comes after every release there is.
func TestBeforeAndEarlierOfANewRelease(t *testing.T) {
	t.Parallel()
	l := Read(tags(rel("103", "at=1"), rel("103.1", "at=2")), tmpl(t), "production")
	if prev, ok := l.Before("2"); !ok || prev.Record.Build != "103.1" {
		t.Errorf("Before(2) = %q, %v; want 103.1", prev.Record.Build, ok)
	}
	if got := len(l.Earlier("2")); got != 2 {
		t.Errorf("Earlier(2) has %d releases, want 2", got)
	}
	if got := l.Earlier("103.1"); len(got) != 1 || got[0].Record.Build != "103" {
		t.Errorf("Earlier(103.1) = %v, want 103 alone", got)
	}
	if _, ok := l.Before("103"); ok {
		t.Error("the first release has a release before it")
	}
	if after := l.After("103"); len(after) != 1 || after[0].Record.Build != "103.1" {
		t.Errorf("After(103) = %v", after)
	}
}

func reverse(order string) string {
	f := strings.Fields(order)
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
	return strings.Join(f, " ")
}
