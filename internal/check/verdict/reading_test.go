package verdict

import (
	"reflect"
	"testing"
)

// analyze is Analyze(in), checked against the same analysis through a
// Reading that the engine's other passes filled first, as lanescan runs
// them: every pass must give the same answer either way. The tests of
// this package analyse through it, so each of their inputs also checks
// that a Reading changes no verdict.
func analyze(t testing.TB, in Input) Report {
	t.Helper()
	in.Reading = nil
	want := Analyze(in)
	passes := func(in Input) []any {
		return []any{Settled(in), Claims(in), Witnesses(in), NeedIdentity(in), Settled(in), Analyze(in)}
	}
	fresh := passes(in)
	in.Reading = NewReading()
	for i, got := range passes(in) {
		if !reflect.DeepEqual(got, fresh[i]) {
			t.Fatalf("pass %d through a Reading gave\n%#v\nwhere reading afresh gave\n%#v", i, got, fresh[i])
		}
	}
	if got := Analyze(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("Analyze through a filled Reading gave\n%#v\nwant\n%#v", got, want)
	}
	return want
}

// TestReadingChangesNothing: a Reading hands out what the functions it
// keeps return, clipped, so that two callers appending to the same answer
// each get a copy rather than writing over each other.
func TestReadingChangesNothing(t *testing.T) {
	t.Parallel()
	r := NewReading()
	msg := "fix: x (#12)\n\nBackport of #7\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\nsee fedcba98765 and a1b2c3d4\nBackport-Skip: abcdef1 not ours"
	c := Commit{Message: msg, Subject: "fix: x (#12)"}
	for range 2 {
		if got := r.pickedFrom(msg); !reflect.DeepEqual(got, PickedFrom(msg)) || cap(got) != len(got) {
			t.Fatalf("pickedFrom: %q (cap %d), want %q", got, cap(got), PickedFrom(msg))
		}
		if got := r.proseRefs(msg); !reflect.DeepEqual(got, proseRefs(msg)) || len(got) != 3 || cap(got) != len(got) {
			t.Fatalf("proseRefs: %q (cap %d), want %q", got, cap(got), proseRefs(msg))
		}
		if got := r.citedPRs(c); !reflect.DeepEqual(got, citedPRs(c)) || len(got) != 1 || cap(got) != len(got) {
			t.Fatalf("citedPRs: %v (cap %d), want %v", got, cap(got), citedPRs(c))
		}
		if got := r.normalizeSubject("[release/1.2] Fix: X (#12)"); got != "fix: x" {
			t.Fatalf("normalizeSubject: %q", got)
		}
	}
	var none *Reading
	if got := none.pickedFrom(msg); !reflect.DeepEqual(got, PickedFrom(msg)) {
		t.Fatalf("a nil Reading: %q", got)
	}
}

// TestReadingFollowsPatchIDs: the engine computes patch-ids between the
// passes, in place; an index kept from an earlier pass must see them, and
// one built for another main line must not be used.
func TestReadingFollowsPatchIDs(t *testing.T) {
	t.Parallel()
	in := Input{Lanes: []Lane{{Name: "hotfix/1", Commits: []Commit{hotfix("h1", "fix: rounding", "p1")}}},
		MainLine: []MainCommit{mainline("m1", "fix rounding, another way", "")}, Reading: NewReading()}
	if got := Analyze(in).Lanes[0].Verdicts[0].Status; got != Missing {
		t.Fatalf("before the patch-ids: %s", got)
	}
	in.MainLine[0].PatchID = "p1"
	if got := Analyze(in).Lanes[0].Verdicts[0]; got.Status != Equivalent || got.Evidence != sha("m1") {
		t.Fatalf("after the patch-ids: %s %s, want equivalent to m1", got.Status, got.Evidence)
	}
	// a main line whose commit picked h1, then another with the same
	// shas and subjects but no trailer: the second must not be answered
	// from the first's index
	picked := in
	picked.MainLine = []MainCommit{mainline("m2", "fix: rounding\n\n(cherry picked from commit "+sha("h1")+")", "")}
	picked.MainLine[0].Subject = "fix: rounding"
	if got := Analyze(picked).Lanes[0].Verdicts[0]; got.Status != Picked || got.Evidence != sha("m2") {
		t.Fatalf("a main line that picked it: %s %s, want picked by m2", got.Status, got.Evidence)
	}
	plain := picked
	plain.MainLine = []MainCommit{mainline("m2", "fix: rounding", "")}
	if got := Analyze(plain).Lanes[0].Verdicts[0]; got.Status != Missing {
		t.Fatalf("a main line that did not: %s %s, want missing", got.Status, got.Evidence)
	}
}
