package verdict

import (
	"fmt"
	"sort"
	"strings"
)

// index finds main-line commits by what the rules ask of them.
type index struct {
	main      []MainCommit
	byPatchID map[string][]int
	pickRefs  map[string][]ref // first 7 hex of a hotfix sha a main commit names → where
	skipRefs  map[string][]ref
	// offMainSkips: "Backport-Skip" trailers of commits the trusted main
	// line lacks (Input.OffMainLine), named in the report, never in force.
	offMainSkips map[string][]ref
	byPrefix     map[string][]int // first 7 hex of a main commit's sha
	byPR         map[int][]int    // pull request a main commit merged
	bySubject    map[string][]int // normalised subject
	// revertedOnMain: main-line commits that a later main-line commit
	// reverts (and no main-line commit re-applies): no evidence.
	revertedOnMain map[string]bool
}

type ref struct {
	full   string // the sha as the trailer wrote it
	main   int
	reason string
}

func newIndex(in Input) *index {
	if ix, ok := in.Reading.index(in); ok {
		return ix
	}
	main := in.MainLine
	ix := &index{main: main, byPatchID: patchIDs(main), pickRefs: map[string][]ref{},
		skipRefs: map[string][]ref{}, offMainSkips: map[string][]ref{}, byPrefix: map[string][]int{}, byPR: map[int][]int{}, bySubject: map[string][]int{}}
	for i, m := range main {
		if pr, ok := mergedPR(m.Subject); ok {
			ix.byPR[pr] = append(ix.byPR[pr], i)
		}
		ns := NormalizeSubject(m.Subject)
		ix.bySubject[ns] = append(ix.bySubject[ns], i)
		if len(m.SHA) >= 7 {
			ix.byPrefix[m.SHA[:7]] = append(ix.byPrefix[m.SHA[:7]], i)
		}
		for _, r := range PickedFrom(m.Message) {
			ix.pickRefs[r[:7]] = append(ix.pickRefs[r[:7]], ref{full: r, main: i})
		}
		skips := ix.skipRefs
		if in.OffMainLine[m.SHA] {
			skips = ix.offMainSkips
		}
		for r, reason := range skipsFor(m.Message) {
			skips[r[:7]] = append(skips[r[:7]], ref{full: r, main: i, reason: reason})
		}
	}
	ix.revertedOnMain = ix.mainReverts()
	in.Reading.keepIndex(in, ix)
	return ix
}

// patchIDs indexes the main-line commits by patch-id, where computed.
func patchIDs(main []MainCommit) map[string][]int {
	out := map[string][]int{}
	for i, m := range main {
		if m.PatchID != "" {
			out[m.PatchID] = append(out[m.PatchID], i)
		}
	}
	return out
}

// mainReverts finds the main-line commits a later main-line commit
// reverts ("This reverts commit <sha>"), unless that revert was reverted
// in turn.
func (ix *index) mainReverts() map[string]bool {
	reverted := map[string]string{} // reverted sha → the revert's sha
	for _, m := range ix.main {
		for _, r := range reverts(m.Message) {
			r = strings.ToLower(r)
			if len(r) < 7 {
				continue
			}
			for _, i := range ix.byPrefix[r[:7]] {
				if sameCommit(r, ix.main[i].SHA) {
					reverted[ix.main[i].SHA] = m.SHA
				}
			}
		}
	}
	out := map[string]bool{}
	for sha, by := range reverted {
		if _, undone := reverted[by]; !undone {
			out[sha] = true
		}
	}
	return out
}

// naming returns the main-line commits, counting for lane, whose trailers
// in refs name sha; not those the main line reverted.
func (ix *index) naming(refs map[string][]ref, sha string, lane int) []ref {
	if len(sha) < 7 {
		return nil
	}
	var out []ref
	for _, r := range refs[sha[:7]] {
		if m := ix.main[r.main]; sameCommit(r.full, sha) && m.Lanes.Has(lane) && !ix.revertedOnMain[m.SHA] {
			out = append(out, r)
		}
	}
	return out
}

// find returns the main-line commit, counting for lane, that ref names.
func (ix *index) find(refSHA string, lane int) (MainCommit, bool) {
	if len(refSHA) < 7 {
		return MainCommit{}, false
	}
	for _, i := range ix.byPrefix[refSHA[:7]] {
		if m := ix.main[i]; sameCommit(refSHA, m.SHA) && m.Lanes.Has(lane) {
			return m, true
		}
	}
	return MainCommit{}, false
}

// samePatch returns a main-line commit, counting for lane, with patch-id
// id, that the main line did not revert.
func (ix *index) samePatch(id string, lane int) (MainCommit, bool) {
	if id == "" {
		return MainCommit{}, false
	}
	for _, i := range ix.byPatchID[id] {
		if m := ix.main[i]; m.Lanes.Has(lane) && !ix.revertedOnMain[m.SHA] {
			return m, true
		}
	}
	return MainCommit{}, false
}

// Analyze decides every hotfix commit's status.
func Analyze(in Input) Report {
	ix := newIndex(in)
	rep := Report{Candidate: in.Candidate, Main: in.Main}
	for li, lane := range in.Lanes {
		lr := LaneReport{Lane: lane.Name, Base: lane.Base, Warnings: lane.Warnings}
		pairs := in.revertsIn(lane)
		for i, c := range lane.Commits {
			v, problem := decide(in, ix, li, lane, i, pairs)
			if problem != "" {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: commit %s %q: %s", lane.Name, short(c.SHA), c.Subject, problem))
			}
			lr.Verdicts = append(lr.Verdicts, v)
		}
		rep.Notices = append(rep.Notices, laneOnlyReverts(lr, pairs)...)
		rep.Lanes = append(rep.Lanes, lr)
	}
	pickedThroughLanes(&rep, in)
	return rep
}

// laneOnlyReverts are notices for reverts of the lane whose original the
// main line keeps: production lost a change main still has, which the gate
// does not owe but a reviewer should know.
func laneOnlyReverts(lr LaneReport, pairs map[int]int) []string {
	var out []string
	for rev, orig := range pairs {
		if orig > rev {
			continue
		}
		if o := lr.Verdicts[orig]; o.Status != Reverted {
			out = append(out, fmt.Sprintf("%s: %s %q reverts %s, which the main line keeps (%s %s): check whether main needs the revert too",
				lr.Lane, short(lr.Verdicts[rev].Commit.SHA), lr.Verdicts[rev].Commit.Subject, short(o.Commit.SHA), o.Status, short(o.Evidence)))
		}
	}
	sort.Strings(out)
	return out
}

func decide(in Input, ix *index, li int, lane Lane, i int, pairs map[int]int) (Verdict, string) {
	c := lane.Commits[i]
	v := Verdict{Commit: c, Status: Missing}
	if c.Merge {
		return decideMerge(in, ix, li, v)
	}
	if got, ok, why := byHistory(in, ix, li, c); ok {
		return got, ""
	} else if why != "" {
		v.Evidence = why
	}
	if got, ok, why := byPRs(in, ix, li, c); ok {
		return got, ""
	} else if why != "" {
		v.Evidence = joinWhy(v.Evidence, why)
	}
	if got, ok := byChange(in, ix, li, lane, i, pairs); ok {
		return got, ""
	}
	if got, ok := adaptedFrom(in, ix, li, c); ok {
		if !in.Strict {
			return got, ""
		}
		v.Copy = got.Evidence
		v.Evidence = joinWhy(v.Evidence, fmt.Sprintf("an adapted copy is %s, not accepted (--strict)", short(got.Evidence)))
		v.Note = got.Note
	}
	if got, ok, why := byIdentity(in, c); ok {
		if !in.Strict {
			return got, ""
		}
		v.Evidence = joinWhy(v.Evidence, why)
	}
	return waive(in, ix, li, v)
}

// byChange decides the statuses a comparison of changes proves: the same
// patch as a main-line commit (equivalent), part of a chain whose combined
// change is one (squashed), or reverted within the lane.
func byChange(in Input, ix *index, li int, lane Lane, i int, pairs map[int]int) (Verdict, bool) {
	c := lane.Commits[i]
	v := Verdict{Commit: c}
	if m, ok := ix.samePatch(c.PatchID, li); ok {
		v.Status, v.Evidence = Equivalent, m.SHA
		return v, true
	}
	for _, r := range sortedRanges(lane.Ranges) {
		// a commit that changes nothing is in no squash: it would "match"
		// any squash of its neighbours
		if !c.Empty && r.First <= i && i <= r.Last && r.Last > r.First {
			if m, ok := ix.samePatch(lane.Ranges[r], li); ok {
				v.Status, v.Evidence = Squashed, m.SHA
				return v, true
			}
		}
	}
	if partner, ok := pairs[i]; ok {
		orig, rev := min(i, partner), max(i, partner)
		rel, _ := in.relation(Pair{Hotfix: lane.Commits[orig].SHA, Other: lane.Commits[rev].SHA, Undo: true, Full: true})
		v.Status, v.Evidence, v.Note = Reverted, lane.Commits[partner].SHA, "verified: "+rel.String()+" undone"
		return v, true
	}
	return v, false
}

// waive applies the waivers, last: the hotfix's own "Backport: skip", a
// main-line "Backport-Skip", the policy's.
func waive(in Input, ix *index, li int, v Verdict) (Verdict, string) {
	c := v.Commit
	problem := ""
	set := func(evidence string) (Verdict, string) {
		v.Status, v.Evidence, v.Claim, v.Note, v.Copy = Waived, evidence, "", "", ""
		return v, ""
	}
	if reason, found := skip(c.Message); found {
		if reason != "" {
			return set(fmt.Sprintf("%s (by %s)", reason, c.Author))
		}
		problem = "its waiver has no reason and is not accepted: write \"Backport-Skip: <sha> <reason>\" on the main line, or a waiver in .hotlane.yml"
	}
	for _, r := range ix.naming(ix.skipRefs, c.SHA, li) {
		m := ix.main[r.main]
		if r.reason != "" {
			return set(fmt.Sprintf("%s (by %s in %s)", r.reason, m.Author, short(m.SHA)))
		}
		problem = fmt.Sprintf("the waiver in %s has no reason and is not accepted: write \"Backport-Skip: %s <reason>\"", short(m.SHA), short(c.SHA))
	}
	for _, w := range in.Waivers {
		if waives(w, c) {
			return set(fmt.Sprintf("%s (%s)", w.Reason, w.Rule))
		}
	}
	for _, r := range ix.naming(ix.offMainSkips, c.SHA, li) {
		problem = fmt.Sprintf("the waiver in %s is not in force: the main line (%s) does not have that commit yet; it counts once merged",
			short(ix.main[r.main].SHA), in.Main)
	}
	return v, problem
}

func joinWhy(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "; " + b
}

// trusted says whether ancestry or a main-line trailer settles c: nothing
// the hotfix says of itself is needed.
func trusted(in Input, ix *index, li int, c Commit) bool {
	return in.InCandidate[c.SHA] || len(ix.naming(ix.pickRefs, c.SHA, li)) > 0
}

// byHistory decides the statuses that ancestry and trailers prove: merged
// (an ancestor of the candidate), picked by a main-line commit's -x or
// Backport-Of line (written on the reviewed main line), or picked by the
// hotfix's own -x or Backport-Of line when the commit it names lies after
// the base on the main line and its change relates to the hotfix's. why
// says what a claim lacked.
func byHistory(in Input, ix *index, li int, c Commit) (v Verdict, ok bool, why string) {
	v = Verdict{Commit: c}
	if in.InCandidate[c.SHA] {
		v.Status, v.Evidence = Merged, c.SHA
		return v, true, ""
	}
	if refs := ix.naming(ix.pickRefs, c.SHA, li); len(refs) > 0 {
		v.Status, v.Evidence, v.Claim = Picked, ix.main[refs[0].main].SHA, ClaimMainLine
		return v, true, ""
	}
	var whys []string
	claim := func(sha, evidence string) bool {
		if ix.revertedOnMain[sha] {
			whys = append(whys, fmt.Sprintf("it names %s, which the main line reverted", short(sha)))
			return false
		}
		rel, reason, ok := in.verified(Pair{Hotfix: c.SHA, Other: sha}, Relation.related)
		if !ok {
			whys = append(whys, fmt.Sprintf("it names %s, not verified: %s", short(sha), reason))
			return false
		}
		v.Status, v.Evidence, v.Claim, v.Note = Picked, evidence, ClaimHotfix, "verified: "+rel.String()
		return true
	}
	for _, r := range in.Reading.pickedFrom(c.Message) {
		if m, found := ix.find(r, li); found {
			if claim(m.SHA, m.SHA) {
				return v, true, ""
			}
			continue
		}
		// a chain: r was itself picked from a main-line commit
		for _, via := range in.PickedVia[r] {
			if m, found := ix.find(via, li); found && claim(m.SHA, fmt.Sprintf("%s (through %s)", m.SHA, short(r))) {
				return v, true, ""
			}
		}
		if in.InCandidate[r] {
			whys = append(whys, fmt.Sprintf("it names %s, which the release already had (not after the base)", short(r)))
		}
	}
	for _, r := range in.Reading.proseRefs(c.Message) {
		m, found := ix.find(r, li)
		if !found || ix.revertedOnMain[m.SHA] {
			continue
		}
		if rel, _, ok := in.verified(Pair{Hotfix: c.SHA, Other: m.SHA, Full: true}, Relation.covers); ok {
			v.Status, v.Evidence, v.Claim, v.Note = Picked, m.SHA, ClaimHotfix, "named in its message, verified: "+rel.String()
			return v, true, ""
		}
	}
	return v, false, strings.Join(whys, "; ")
}

// Settled says, per lane and hotfix commit, whether ancestry, trailers and
// pull-request numbers alone decide it (merged or picked; a claim of the
// hotfix's own only once Relations verify it): the git engine then need
// not read and compare its change. A settled commit is in no squash range
// either. Merge commits (their own changes) are never settled this way.
func Settled(in Input) [][]bool {
	ix := newIndex(in)
	out := make([][]bool, len(in.Lanes))
	for li, lane := range in.Lanes {
		out[li] = make([]bool, len(lane.Commits))
		for i, c := range lane.Commits {
			if c.Merge {
				continue
			}
			_, out[li][i], _ = byHistory(in, ix, li, c)
			if !out[li][i] {
				_, out[li][i], _ = byPRs(in, ix, li, c)
			}
		}
	}
	return out
}

// revertsIn pairs the lane's reverts with what they undo, as verified.
func (in Input) revertsIn(lane Lane) map[int]int {
	return revertPairs(lane.Commits, func(orig, rev int) bool {
		_, _, ok := in.verified(Pair{Hotfix: lane.Commits[orig].SHA, Other: lane.Commits[rev].SHA, Undo: true, Full: true}, Relation.covers)
		return ok
	})
}

// revertPairs pairs each revert in the lane with the earlier commit it
// reverts, when that commit is not already paired and undoes reports that
// the revert's change really undoes it; both are then "reverted", each
// with the other as evidence. A revert of a revert finds its target
// already paired, so it stands alone: it re-applies the original change,
// which then still has to reach the main line.
func revertPairs(commits []Commit, undoes func(orig, rev int) bool) map[int]int {
	pairs := map[int]int{}
	pair := func(k, j int) bool {
		if _, taken := pairs[k]; taken || !undoes(k, j) {
			return false
		}
		pairs[k], pairs[j] = j, k
		return true
	}
	for j, c := range commits {
		refs := reverts(c.Message)
		for _, r := range refs {
			for k := j - 1; k >= 0; k-- {
				if sameCommit(strings.ToLower(r), commits[k].SHA) && pair(k, j) {
					break
				}
			}
			if _, ok := pairs[j]; ok {
				break
			}
		}
		if _, ok := pairs[j]; ok || len(refs) > 0 {
			continue
		}
		// a revert squash-merged without its "This reverts commit" line:
		// `Revert "<subject>"` pairs with the latest earlier commit of that
		// subject
		if subject, ok := revertedSubject(c.Subject); ok {
			for k := j - 1; k >= 0; k-- {
				if commits[k].Subject == subject && pair(k, j) {
					break
				}
			}
		}
	}
	return pairs
}

// revertCandidates lists every pairing revertPairs may ask about.
func revertCandidates(commits []Commit) []Pair {
	var out []Pair
	revertPairs(commits, func(orig, rev int) bool {
		out = append(out, Pair{Hotfix: commits[orig].SHA, Other: commits[rev].SHA, Undo: true, Full: true})
		return false
	})
	return out
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func sortedRanges(ranges map[Range]string) []Range {
	out := make([]Range, 0, len(ranges))
	for r := range ranges {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].First != out[j].First {
			return out[i].First < out[j].First
		}
		return out[i].Last < out[j].Last
	})
	return out
}
