package lanescan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// fates builds a repository whose hotfix commits have known fates, and
// returns it with the expected status of each hotfix subject.
func fates(t *testing.T) (dir string, want map[string]string) {
	t.Helper()
	dir = t.TempDir()
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	commit := func(file, content, msg string) { gittest.Commit(t, dir, file, content, msg) }
	g("init", "-q", "-b", "main")
	for _, f := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		commit(f+".txt", strings.Repeat(f+" line\n", 5), "add "+f)
	}
	g("tag", "-a", "-m", "Production release 1", "prod-1")
	g("checkout", "-q", "-b", "hotfix/1")
	commit("a.txt", "a fixed\n"+strings.Repeat("a line\n", 4), "fix: a (picked with -x)")
	commit("b.txt", "b fixed\n"+strings.Repeat("b line\n", 4), "fix: b (picked without -x)")
	commit("c.txt", "c fixed once\n"+strings.Repeat("c line\n", 4), "fix: c part 1 (squashed)")
	commit("c.txt", "c fixed once\nc fixed twice\n"+strings.Repeat("c line\n", 3), "fix: c part 2 (squashed)")
	commit("d.txt", "oops\n", "try: d (reverted)")
	g("revert", "--no-edit", "HEAD")
	commit("f.txt", "prod only\n", "chore: prod setting\n\nBackport: skip production-only setting")
	commit("e.txt", "e fixed\n"+strings.Repeat("e line\n", 4), "fix: e (missing)")
	commit("g.txt", "g fixed\n", "chore: g\n\nBackport: skip")
	lane1 := g("rev-parse", "HEAD")

	g("checkout", "-q", "main")
	commit("main.txt", "feature\n", "feat: unrelated work on main")
	g("cherry-pick", "-x", "hotfix/1~8")
	g("cherry-pick", "hotfix/1~7")
	g("cherry-pick", "--no-commit", "hotfix/1~6", "hotfix/1~5")
	g("commit", "-q", "-m", "fix: c, squashed")

	g("tag", "-a", "-m", "Production release 2", "prod-2")
	g("checkout", "-q", "-b", "hotfix/2")
	commit("h2.txt", "merged back\n", "fix: h2 (merged)")
	commit("h2b.txt", "waived on main\n", "fix: h2b (waived on main)")
	waivedSHA := g("rev-parse", "HEAD")
	g("checkout", "-q", "main")
	g("merge", "-q", "--no-ff", "-m", "Merge hotfix/2", "hotfix/2~1")
	commit("notes.txt", "n\n", fmt.Sprintf("docs: notes\n\nBackport-Skip: %s rewritten differently on main", waivedSHA[:10]))

	// a lane whose release tag was deleted
	g("checkout", "-q", "-b", "hotfix/3")
	commit("h3.txt", "x\n", "fix: h3 (missing, no tag)")
	g("checkout", "-q", "main")
	_ = lane1

	// the evidence teams leave by hand: an adapted copy, a pull request
	// number, a backport passed on from another lane's merged commit
	merged := g("log", "-1", "--format=%H", "hotfix/2~1")
	commit("j.txt", "j one\nj two\nj three\n", "add j")
	g("tag", "-a", "-m", "Production release 4", "prod-4")
	g("checkout", "-q", "-b", "hotfix/4")
	commit("j.txt", "j one fixed on the lane\nj two\nj three\n", "[release/4] fix: j")
	commit("k.txt", "k feature line\n", "Cherry-pick #42 to release 4")
	// names a commit the release already had, and changes something else
	commit("h2c.txt", "passed on\n", "fix: h2 passed on\n\n(cherry picked from commit "+merged+")")
	commit("CHANGELOG.md", "4.1\n", "chore(release): 4.1")
	// a pick of a commit that another branch picked from main: a chain
	g("checkout", "-q", "main")
	commit("l.txt", "l fixed on main\n", "fix: l")
	g("checkout", "-q", "-b", "other-release", "prod-4")
	g("cherry-pick", "-x", "main")
	other := g("rev-parse", "HEAD")
	g("checkout", "-q", "main")
	commit("m.txt", "m fixed on main\nwith a second line\n", "fix: m")
	g("checkout", "-q", "hotfix/4")
	g("cherry-pick", "-x", "main") // a hotfix's own -x line naming a main-line commit
	commit("l.txt", "l fixed on main\n", "fix: l, passed on\n\n(cherry picked from commit "+other+")")
	g("checkout", "-q", "main")
	commit(".hotlane.yml", "waivers:\n  - subject: '^chore\\(release\\):'\n    reason: release housekeeping\n", "ci: the backport policy")
	commit("j.txt", "j one fixed on main\nj two\nj three\n", "fix: j (#43)")
	commit("k.txt", "k feature line\nk on main\n", "feat: k (#42)")
	return dir, map[string]string{
		"fix: a (picked with -x)":      verdict.Picked,
		"fix: b (picked without -x)":   verdict.Equivalent,
		"fix: c part 1 (squashed)":     verdict.Squashed,
		"fix: c part 2 (squashed)":     verdict.Squashed,
		"try: d (reverted)":            verdict.Reverted,
		"Revert \"try: d (reverted)\"": verdict.Reverted,
		"chore: prod setting":          verdict.Waived,
		"fix: e (missing)":             verdict.Missing,
		"chore: g":                     verdict.Missing,
		"fix: h2 (merged)":             verdict.Merged,
		"fix: h2b (waived on main)":    verdict.Waived,
		"fix: h3 (missing, no tag)":    verdict.Missing,
		"[release/4] fix: j":           verdict.Adapted,
		"Cherry-pick #42 to release 4": verdict.Picked,
		"fix: h2 passed on":            verdict.Missing,
		"chore(release): 4.1":          verdict.Waived,
		"fix: l, passed on":            verdict.Picked,
		"fix: m":                       verdict.Picked,
	}
}

func analyze(t *testing.T, dir string) verdict.Report {
	t.Helper()
	return collectWith(t, dir, false)
}

func TestKnownFates(t *testing.T) {
	t.Parallel()
	dir, want := fates(t)
	rep := analyze(t, dir)
	got := map[string]string{}
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			got[v.Commit.Subject] = v.Status
		}
	}
	for subject, status := range want {
		if got[subject] != status {
			t.Errorf("%q: %s, want %s", subject, got[subject], status)
		}
	}
	// who claimed the evidence, and what confirmed it
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			switch v.Commit.Subject {
			case "fix: m", "Cherry-pick #42 to release 4":
				if v.Claim != verdict.ClaimHotfix || !strings.HasPrefix(v.Note, "verified: ") {
					t.Errorf("%q: claim %q note %q", v.Commit.Subject, v.Claim, v.Note)
				}
			case "fix: a (picked with -x)":
				if v.Claim != verdict.ClaimMainLine {
					t.Errorf("%q: claim %q", v.Commit.Subject, v.Claim)
				}
			case "try: d (reverted)":
				if !strings.Contains(v.Note, "6 of 6 changed lines shared undone") {
					t.Errorf("%q: note %q", v.Commit.Subject, v.Note)
				}
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d hotfix commits, want %d: %v", len(got), len(want), got)
	}
	if len(rep.Lanes) != 4 || rep.Lanes[0].Lane != "hotfix/1" || rep.Lanes[2].Lane != "hotfix/3" {
		t.Fatalf("lanes %+v", rep.Lanes)
	}
	if w := strings.Join(rep.Lanes[2].Warnings, "\n"); !strings.Contains(w, "release tag prod-3 not found") {
		t.Errorf("hotfix/3 warnings: %q", w)
	}
	if p := strings.Join(rep.Problems, "\n"); !strings.Contains(p, "chore: g") || !strings.Contains(p, "no reason") {
		t.Errorf("problems: %q", p)
	}

	// backport what is missing, and the gate passes
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	for _, subject := range []string{"fix: e (missing)", "chore: g", "fix: h3 (missing, no tag)", "fix: h2 passed on"} {
		sha := g("log", "--all", "--format=%H", "--grep", "^"+strings.NewReplacer("(", ".", ")", ".").Replace(subject)+"$")
		g("cherry-pick", "-x", strings.Fields(sha)[0])
	}
	if s := analyze(t, dir).Summary(); s.Missing != 0 || s.Commits != len(want) {
		t.Errorf("after backporting: %+v", s)
	}
}

// TestMergesInsideALane: a lane that merged main in has a merge commit,
// which is no hotfix commit; the main commits it brought along are in the
// candidate already.
func TestMergesInsideALane(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	g("init", "-q", "-b", "main")
	gittest.Commit(t, dir, "a.txt", "a\n", "add a")
	g("tag", "-a", "-m", "release", "prod-1")
	g("checkout", "-q", "-b", "hotfix/1")
	gittest.Commit(t, dir, "fix.txt", "fix\n", "fix: before the merge")
	g("checkout", "-q", "main")
	gittest.Commit(t, dir, "b.txt", "b\n", "feat: b on main")
	g("checkout", "-q", "hotfix/1")
	g("merge", "-q", "--no-ff", "-m", "Merge main into hotfix/1", "main")
	gittest.Commit(t, dir, "fix2.txt", "fix2\n", "fix: after the merge")
	g("checkout", "-q", "main")

	rep := analyze(t, dir)
	got := map[string]string{}
	for _, v := range rep.Lanes[0].Verdicts {
		got[v.Commit.Subject] = v.Status
	}
	want := map[string]string{"fix: before the merge": verdict.Missing, "feat: b on main": verdict.Merged, "fix: after the merge": verdict.Missing}
	if len(got) != len(want) {
		t.Fatalf("verdicts %v, want %v", got, want)
	}
	for s, st := range want {
		if got[s] != st {
			t.Errorf("%q: %s, want %s", s, got[s], st)
		}
	}
}
