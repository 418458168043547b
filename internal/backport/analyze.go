package backport

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
	byPrefix  map[string][]int // first 7 hex of a main commit's sha
	byPR      map[int][]int    // pull request a main commit merged
	bySubject map[string][]int // normalised subject, of commits whose paths were read
}

type ref struct {
	full   string // the sha as the trailer wrote it
	main   int
	reason string
}

func newIndex(main []MainCommit) *index {
	ix := &index{main: main, byPatchID: map[string][]int{}, pickRefs: map[string][]ref{},
		skipRefs: map[string][]ref{}, byPrefix: map[string][]int{}, byPR: map[int][]int{}, bySubject: map[string][]int{}}
	for i, m := range main {
		if pr, ok := mergedPR(m.Subject); ok {
			ix.byPR[pr] = append(ix.byPR[pr], i)
		}
		if m.Paths != nil {
			ns := NormalizeSubject(m.Subject)
			ix.bySubject[ns] = append(ix.bySubject[ns], i)
		}
		if m.PatchID != "" {
			ix.byPatchID[m.PatchID] = append(ix.byPatchID[m.PatchID], i)
		}
		if len(m.SHA) >= 7 {
			ix.byPrefix[m.SHA[:7]] = append(ix.byPrefix[m.SHA[:7]], i)
		}
		for _, r := range PickedFrom(m.Message) {
			ix.pickRefs[r[:7]] = append(ix.pickRefs[r[:7]], ref{full: r, main: i})
		}
		for r, reason := range skipsFor(m.Message) {
			ix.skipRefs[r[:7]] = append(ix.skipRefs[r[:7]], ref{full: r, main: i, reason: reason})
		}
	}
	return ix
}

// naming returns the main-line commits, counting for lane, whose trailers
// in refs name sha.
func (ix *index) naming(refs map[string][]ref, sha string, lane int) []ref {
	if len(sha) < 7 {
		return nil
	}
	var out []ref
	for _, r := range refs[sha[:7]] {
		if sameCommit(r.full, sha) && ix.main[r.main].Lanes.Has(lane) {
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

// samePatch returns a main-line commit, counting for lane, with patch-id id.
func (ix *index) samePatch(id string, lane int) (MainCommit, bool) {
	if id == "" {
		return MainCommit{}, false
	}
	for _, i := range ix.byPatchID[id] {
		if ix.main[i].Lanes.Has(lane) {
			return ix.main[i], true
		}
	}
	return MainCommit{}, false
}

// Analyze decides every hotfix commit's status.
func Analyze(in Input) Report {
	ix := newIndex(in.MainLine)
	rep := Report{Candidate: in.Candidate, Main: in.Main}
	for li, lane := range in.Lanes {
		lr := LaneReport{Lane: lane.Name, Base: lane.Base, Warnings: lane.Warnings}
		pairs := revertPairs(lane.Commits)
		for i, c := range lane.Commits {
			v, problem := decide(in, ix, li, lane, i, pairs)
			if problem != "" {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s: commit %s %q: %s", lane.Name, short(c.SHA), c.Subject, problem))
			}
			lr.Verdicts = append(lr.Verdicts, v)
		}
		rep.Lanes = append(rep.Lanes, lr)
	}
	pickedThroughLanes(&rep, in.Strict)
	return rep
}

func decide(in Input, ix *index, li int, lane Lane, i int, pairs map[int]string) (Verdict, string) {
	c := lane.Commits[i]
	v := Verdict{Commit: c, Status: Missing}
	set := func(status, evidence string) (Verdict, string) {
		v.Status, v.Evidence = status, evidence
		return v, ""
	}
	if status, evidence, ok := byHistory(in, ix, li, c); ok {
		return set(status, evidence)
	}
	if status, evidence, ok := byPRs(ix, li, c); ok {
		return set(status, evidence)
	}
	if m, ok := ix.samePatch(c.PatchID, li); ok {
		return set(Equivalent, m.SHA)
	}
	for _, r := range sortedRanges(lane.Ranges) {
		// a commit that changes nothing is in no squash: it would "match"
		// any squash of its neighbours
		if !c.Empty && r.First <= i && i <= r.Last && r.Last > r.First {
			if m, ok := ix.samePatch(lane.Ranges[r], li); ok {
				return set(Squashed, m.SHA)
			}
		}
	}
	if partner, ok := pairs[i]; ok {
		return set(Reverted, partner)
	}
	if adapted := adaptedFrom(ix, li, c); adapted != "" {
		if !in.Strict {
			return set(Adapted, adapted)
		}
		v.Evidence = fmt.Sprintf("an adapted copy is %s, not accepted (--strict)", short(adapted))
	}
	problem := ""
	if reason, found := skip(c.Message); found {
		if reason != "" {
			return set(Waived, fmt.Sprintf("%s (by %s)", reason, c.Author))
		}
		problem = "its waiver has no reason and is not accepted: write \"Backport: skip <reason>\""
	}
	for _, r := range ix.naming(ix.skipRefs, c.SHA, li) {
		m := ix.main[r.main]
		if r.reason != "" {
			return set(Waived, fmt.Sprintf("%s (by %s in %s)", r.reason, m.Author, short(m.SHA)))
		}
		problem = fmt.Sprintf("the waiver in %s has no reason and is not accepted: write \"Backport-Skip: %s <reason>\"", short(m.SHA), short(c.SHA))
	}
	for _, w := range in.Waivers {
		if w.matches(c) {
			return set(Waived, fmt.Sprintf("%s (%s)", w.Reason, w.Rule))
		}
	}
	return v, problem
}

// byHistory decides the statuses that ancestry and trailers alone prove,
// before any change is compared: merged and picked.
func byHistory(in Input, ix *index, li int, c Commit) (status, evidence string, ok bool) {
	if in.InCandidate[c.SHA] {
		return Merged, c.SHA, true
	}
	if refs := ix.naming(ix.pickRefs, c.SHA, li); len(refs) > 0 {
		return Picked, ix.main[refs[0].main].SHA, true
	}
	for _, r := range PickedFrom(c.Message) {
		if m, ok := ix.find(r, li); ok {
			return Picked, m.SHA, true
		}
		if in.InCandidate[r] {
			return Picked, r, true
		}
		// a chain: r was itself picked from a main-line commit
		for _, via := range in.PickedVia[r] {
			if m, ok := ix.find(via, li); ok {
				return Picked, fmt.Sprintf("%s (through %s)", m.SHA, short(r)), true
			}
		}
	}
	return "", "", false
}

// Settled says, per lane and hotfix commit, whether ancestry, trailers and
// pull-request numbers alone decide it (merged or picked): the git engine
// then need not read and compare its change. A settled commit is in no
// squash range either.
func Settled(in Input) [][]bool {
	ix := newIndex(in.MainLine)
	out := make([][]bool, len(in.Lanes))
	for li, lane := range in.Lanes {
		out[li] = make([]bool, len(lane.Commits))
		for i, c := range lane.Commits {
			_, _, out[li][i] = byHistory(in, ix, li, c)
			if !out[li][i] {
				_, _, out[li][i] = byPRs(ix, li, c)
			}
		}
	}
	return out
}

// revertPairs pairs each revert in the lane with the earlier commit it
// reverts, when that commit is not already paired; both are then
// "reverted", each with the other as evidence. A revert of a revert finds
// its target already paired, so it stands alone: it re-applies the
// original change, which then still has to reach the main line.
func revertPairs(commits []Commit) map[int]string {
	pairs := map[int]string{}
	for j, c := range commits {
		for _, r := range reverts(c.Message) {
			for k := j - 1; k >= 0; k-- {
				if _, taken := pairs[k]; !taken && sameCommit(strings.ToLower(r), commits[k].SHA) {
					pairs[k], pairs[j] = c.SHA, commits[k].SHA
					break
				}
			}
			if _, ok := pairs[j]; ok {
				break
			}
		}
		if _, ok := pairs[j]; ok || len(reverts(c.Message)) > 0 {
			continue
		}
		// a revert squash-merged without its "This reverts commit" line:
		// `Revert "<subject>"` pairs with the latest earlier commit of that
		// subject
		if subject, ok := revertedSubject(c.Subject); ok {
			for k := j - 1; k >= 0; k-- {
				if _, taken := pairs[k]; !taken && commits[k].Subject == subject {
					pairs[k], pairs[j] = c.SHA, commits[k].SHA
					break
				}
			}
		}
	}
	return pairs
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
