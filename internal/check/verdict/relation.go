package verdict

import (
	"fmt"
	"iter"
	"strings"
)

// Pair names a hotfix commit and a commit claimed to carry its change
// (a main-line commit it names, a commit of the same subject, another
// lane's commit it was picked from) or, with Undo, to revert it (a later
// commit of the same lane).
type Pair struct {
	Hotfix, Other string
	Undo          bool
	// Full asks for every shared line to be counted (a revert, a sha in
	// prose, a witness to rank); else the engine may stop at the first
	// file that shares lines, which is all a trailer needs.
	Full bool
}

// Relation is how a hotfix's change relates to another commit's, as the
// engine measured it: changed lines are compared as content (a line's
// text, without its end) per path, a path that moved between the two
// counting as the same path (Moves). Only significant lines count (see
// lanescan's relate): a brace or a blank line relates nothing.
type Relation struct {
	// Lines are the significant changed lines both make: lines removed by
	// both and lines added by both (with Undo: lines the other removes
	// that the hotfix added, and lines it adds that the hotfix removed).
	Lines int
	// Of are the hotfix's significant changed lines in the paths both
	// change (lines are read only there).
	Of int
	// Files are the paths the hotfix changes; Shared those the other
	// change has too (at the same path or moved).
	Files, Shared int
	// Paths are the paths both change whose lines cannot be compared
	// (a binary file, a mode change, a submodule).
	Paths []string
	// Moves are "old → new" paths where shared lines lay at another path.
	Moves []string
	// Partial: the engine stopped at the first file that relates (a pair
	// not Full); Where names it.
	Partial bool
	Where   string
}

// related: the two changes share a changed line, or a path whose lines
// cannot be compared. What a trailer, a -x line or a pull-request number
// needs before it is believed.
func (r Relation) related() bool { return r.Lines > 0 || len(r.Paths) > 0 }

// covers: the other change shares at least half of the hotfix's changed
// lines. What a sha named in prose and a revert need: a prose reference
// may name the commit that caused the bug, and a revert must undo the
// change, not touch it.
func (r Relation) covers() bool {
	if 2*r.Shared < r.Files {
		return false
	}
	if r.Of == 0 {
		return len(r.Paths) > 0
	}
	return r.Lines > 0 && 2*r.Lines >= r.Of
}

// String says what was verified, for a reviewer.
func (r Relation) String() string {
	if r.Partial {
		if r.Lines == 1 {
			return "1 changed line shared in " + r.Where
		}
		if r.Lines > 0 {
			return fmt.Sprintf("%d changed lines shared in %s", r.Lines, r.Where)
		}
		return "the same content of " + r.Where + " after both"
	}
	var parts []string
	if r.Of > 0 || r.Lines > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d changed lines shared", r.Lines, r.Of))
	}
	if r.Shared < r.Files {
		parts = append(parts, fmt.Sprintf("%d of its %d files", r.Shared, r.Files))
	}
	if len(r.Paths) > 0 {
		parts = append(parts, "same change to "+strings.Join(r.Paths, ", "))
	}
	if len(r.Moves) > 0 {
		parts = append(parts, "moved: "+strings.Join(r.Moves, ", "))
	}
	return strings.Join(parts, "; ")
}

// relation is what the engine measured for p; ok is false when it was not
// measured (the engine was not asked, or could not read it).
func (in Input) relation(p Pair) (Relation, bool) {
	r, ok := in.Relations[p]
	return r, ok
}

// verified says whether the claim p holds by need, and if not why not.
func (in Input) verified(p Pair, need func(Relation) bool) (Relation, string, bool) {
	r, ok := in.relation(p)
	switch {
	case !ok:
		return r, "its change was not compared", false
	case need(r):
		return r, "", true
	case r.Lines == 0 && len(r.Paths) == 0:
		return r, "no changed line in common", false
	}
	return r, "too little in common (" + r.String() + ")", false
}

// hexWords lists the words of s (runs of ASCII letters, digits and '_')
// made of 7 to 40 lower-case hex digits, in order: what may name a commit
// in prose ("backported from 65add8cec", "already merged to main
// (7c9176ae3)"). It finds what `\b[0-9a-f]{7,40}\b` finds (the tests
// compare the two), without running the expression over every message.
func hexWords(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if !isWordByte(s[i]) {
			i++
			continue
		}
		j, hex := i, true
		for ; j < len(s) && isWordByte(s[j]); j++ {
			hex = hex && (s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'f')
		}
		if hex && j-i >= 7 && j-i <= 40 {
			out = append(out, s[i:j])
		}
		i = j
	}
	return out
}

// isWordByte is \w of regular expressions: an ASCII letter, digit or '_'.
func isWordByte(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

// proseRefs lists the shas a message names in prose: not those of its
// -x, Backport-Of or "This reverts commit" lines, which other rules read.
func proseRefs(message string) []string {
	skip := map[string]bool{}
	for _, r := range PickedFrom(message) {
		skip[r] = true
	}
	for _, r := range reverts(message) {
		skip[strings.ToLower(r)] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, w := range hexWords(strings.ToLower(message)) {
		if !skip[w] && !seen[w] && strings.IndexFunc(w, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Claims lists the pairs whose relation the analysis needs before it can
// believe what hotfix commits say of themselves: the main-line commits
// (after the base, counting for the lane) that their -x or Backport-Of
// lines, pull-request numbers and prose name, the commits of other lanes
// they say they were picked from, and their reverts within the lane.
// Hotfixes that ancestry or a main-line trailer settle need none.
func Claims(in Input) []Pair {
	ix := newIndex(in)
	lanes := laneSHAs(in)
	var out []Pair
	seen := map[Pair]bool{}
	add := func(p Pair) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for li, lane := range in.Lanes {
		for _, c := range lane.Commits {
			if c.Merge || trusted(in, ix, li, c) {
				continue
			}
			quick, full := claimedMain(in, ix, li, c)
			for _, m := range quick {
				add(Pair{Hotfix: c.SHA, Other: m})
			}
			for _, m := range full {
				add(Pair{Hotfix: c.SHA, Other: m, Full: true})
			}
			for _, r := range in.Reading.pickedFrom(c.Message) {
				for _, other := range lanes[r[:7]] {
					if sameCommit(r, other) && other != c.SHA {
						add(Pair{Hotfix: c.SHA, Other: other})
					}
				}
			}
		}
		for _, p := range revertCandidates(lane.Commits) {
			add(p)
		}
	}
	return out
}

// Witnesses lists the pairs of open hotfix commits (those whose paths the
// engine read) and the main-line commits with their normalised subject:
// the adapted copies they may have, ranked by their relation. A hotfix
// that a comparison of changes decides (equivalent, squashed, reverted in
// the lane) needs none: the analysis never looks for its adapted copy, so
// the engine is asked for these after its patch-ids.
func Witnesses(in Input) []Pair {
	ix := newIndex(in)
	var out []Pair
	for o := range in.openAfterPatchIDs(ix) {
		for _, i := range ix.bySubject[in.Reading.normalizeSubject(o.commit.Subject)] {
			if m := ix.main[i]; m.Lanes.Has(o.lane) && !ix.revertedOnMain[m.SHA] {
				out = append(out, Pair{Hotfix: o.commit.SHA, Other: m.SHA, Full: true})
			}
		}
	}
	return out
}

// openCommit is hotfix commit index of lane.
type openCommit struct {
	lane, index int
	commit      Commit
}

// openAfterPatchIDs yields, by lane, the open hotfix commits (those whose
// paths the engine read) that a comparison of changes does not decide
// (equivalent, squashed, reverted in the lane).
func (in Input) openAfterPatchIDs(ix *index) iter.Seq[openCommit] {
	return func(yield func(openCommit) bool) {
		for li, lane := range in.Lanes {
			reverts := in.revertsIn(lane)
			for i, c := range lane.Commits {
				if c.Paths == nil || c.Merge {
					continue
				}
				if _, decided := byChange(in, ix, li, lane, i, reverts); decided {
					continue
				}
				if !yield(openCommit{lane: li, index: i, commit: c}) {
					return
				}
			}
		}
	}
}

// claimedMain lists the main-line commits, counting for lane li, that c's
// own message names: its -x and Backport-Of lines (and, for a commit it
// names that the candidate lacks, what that one was picked from), the pull
// requests it cites (quick: a trailer needs one shared line), and shas in
// its prose (full: they need half the change).
func claimedMain(in Input, ix *index, li int, c Commit) (out, full []string) {
	for _, r := range in.Reading.pickedFrom(c.Message) {
		if m, ok := ix.find(r, li); ok {
			out = append(out, m.SHA)
		}
		for _, via := range in.PickedVia[r] {
			if m, ok := ix.find(via, li); ok {
				out = append(out, m.SHA)
			}
		}
	}
	for _, pr := range in.Reading.citedPRs(c) {
		for _, i := range ix.byPR[pr] {
			if ix.main[i].Lanes.Has(li) {
				out = append(out, ix.main[i].SHA)
			}
		}
	}
	for _, r := range in.Reading.proseRefs(c.Message) {
		if m, ok := ix.find(r, li); ok {
			full = append(full, m.SHA)
		}
	}
	return out, full
}

// laneSHAs indexes every hotfix sha by its first 7 hex, for claims that
// name another lane's commit.
func laneSHAs(in Input) map[string][]string {
	out := map[string][]string{}
	for _, l := range in.Lanes {
		for _, c := range l.Commits {
			if len(c.SHA) >= 7 {
				out[c.SHA[:7]] = append(out[c.SHA[:7]], c.SHA)
			}
		}
	}
	return out
}

// NeedIdentity says, per lane and hotfix commit, whether the analysis may
// come to ask what the commit's change is (superseded, release-only): the
// open commits (those whose paths the engine read) that a comparison of
// changes does not decide (equivalent, squashed, reverted) nor, unless
// in.Strict, an adapted copy. The engine reads pins and the release's
// identity only for these, once it has the patch-ids and the witnesses.
func NeedIdentity(in Input) [][]bool {
	ix := newIndex(in)
	out := make([][]bool, len(in.Lanes))
	for li, lane := range in.Lanes {
		out[li] = make([]bool, len(lane.Commits))
	}
	for o := range in.openAfterPatchIDs(ix) {
		if _, adapted := adaptedFrom(in, ix, o.lane, o.commit); !adapted || in.Strict {
			out[o.lane][o.index] = true
		}
	}
	return out
}
