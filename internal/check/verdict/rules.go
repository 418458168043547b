package verdict

import (
	"fmt"
	"slices"
	"strings"
)

// byPRs decides a hotfix that names the pull requests it carries: picked
// when the main line merged every one of them after the base and each
// merge's change relates to the hotfix's (a number alone proves nothing:
// "(#5)" may be another repository's, or a typo).
func byPRs(in Input, ix *index, li int, c Commit) (v Verdict, ok bool, why string) {
	prs := in.Reading.citedPRs(c)
	if len(prs) == 0 {
		return v, false, ""
	}
	var found, notes []string
	for _, pr := range prs {
		m, rel, reason, ok := ix.mergedFor(in, pr, li, c)
		if !ok {
			return v, false, reason
		}
		found = append(found, fmt.Sprintf("#%d %s", pr, short(m.SHA)))
		notes = append(notes, rel.String())
	}
	v = Verdict{Commit: c, Status: Picked, Claim: ClaimHotfix, Note: "verified: " + strings.Join(notes, "; ")}
	if len(found) == 1 {
		v.Evidence = "pull request " + found[0]
	} else {
		v.Evidence = "pull requests " + strings.Join(found, ", ")
	}
	return v, true, ""
}

// mergedFor is the main-line commit, counting for lane, that merged pull
// request pr and whose change relates to c's.
func (ix *index) mergedFor(in Input, pr, lane int, c Commit) (MainCommit, Relation, string, bool) {
	why := fmt.Sprintf("it cites pull request #%d, which the main line did not merge after the base", pr)
	for _, i := range ix.byPR[pr] {
		m := ix.main[i]
		if !m.Lanes.Has(lane) || ix.revertedOnMain[m.SHA] {
			continue
		}
		rel, reason, ok := in.verified(Pair{Hotfix: c.SHA, Other: m.SHA}, Relation.related)
		if ok {
			return m, rel, "", true
		}
		why = fmt.Sprintf("it cites pull request #%d, merged as %s, not verified: %s", pr, short(m.SHA), reason)
	}
	return MainCommit{}, Relation{}, why, false
}

// adaptedFrom is the best main-line commit, counting for lane, with c's
// normalised subject whose change relates to c's: an adapted backport
// (conflicts resolved, context different, paths moved). The best shares
// the most changed lines, then is nearest in time. A subject alone never
// suffices: "Update mailmap" or "bump the k8s-io group" name other
// changes on every release line.
func adaptedFrom(in Input, ix *index, li int, c Commit) (Verdict, bool) {
	if c.Paths == nil {
		return Verdict{}, false
	}
	var best *MainCommit
	var bestRel Relation
	for _, i := range ix.bySubject[in.Reading.normalizeSubject(c.Subject)] {
		m := &ix.main[i]
		if !m.Lanes.Has(li) || ix.revertedOnMain[m.SHA] {
			continue
		}
		rel, _, ok := in.verified(Pair{Hotfix: c.SHA, Other: m.SHA, Full: true}, Relation.related)
		if !ok {
			continue
		}
		if best == nil || rel.Lines > bestRel.Lines || (rel.Lines == bestRel.Lines && distance(m.When, c.When) < distance(best.When, c.When)) {
			best, bestRel = m, rel
		}
	}
	if best == nil {
		return Verdict{}, false
	}
	return Verdict{Commit: c, Status: Adapted, Evidence: best.SHA, Note: "same subject, " + bestRel.String()}, true
}

func distance(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// byIdentity decides the statuses that what a change is proves, which
// --strict does not accept: superseded (it only moves pins the candidate
// has at the same or a newer version) and release-only (it only changes
// the release's own identity). why says what it is, for a strict report.
func byIdentity(in Input, c Commit) (v Verdict, ok bool, why string) {
	v = Verdict{Commit: c}
	if len(c.Pins) > 0 {
		var moves []string
		all := true
		for _, p := range c.Pins {
			main := p.Main
			if main == "" {
				main = "none"
			}
			moves = append(moves, fmt.Sprintf("%s %s: %s on the lane, %s on main", p.Path, p.Name, p.Lane, main))
			all = all && p.Satisfied
		}
		if all {
			v.Status, v.Evidence, v.Note = Superseded, strings.Join(moves, "; "), "the candidate pins the same or newer versions"
			return v, true, "superseded (" + strings.Join(moves, "; ") + "), not accepted (--strict)"
		}
	}
	if reasons := releaseOnly(in, c); len(reasons) > 0 {
		v.Status, v.Evidence, v.Note = ReleaseOnly, strings.Join(reasons, "; "), "the release's own identity"
		return v, true, "release-only (" + v.Evidence + "), not accepted (--strict)"
	}
	return v, false, ""
}

// releaseOnly says why every path c changes is the release's own: the
// engine's evidence (a version string of the lane's release line, release
// notes of that release), or the policy's release-only globs.
func releaseOnly(in Input, c Commit) []string {
	if len(c.Release) > 0 {
		return c.Release
	}
	if len(in.ReleaseOnlyPaths) == 0 || len(c.Paths) == 0 {
		return nil
	}
	var used []string
	for _, p := range c.Paths {
		g, ok := firstMatch(in.ReleaseOnlyPaths, p)
		if !ok {
			return nil
		}
		if !slices.Contains(used, g) {
			used = append(used, g)
		}
	}
	return []string{fmt.Sprintf("only paths the policy declares release-only (.hotlane.yml release-only: %s): %s",
		strings.Join(used, ", "), strings.Join(c.Paths, ", "))}
}

// firstMatch is the first of globs that p matches.
func firstMatch(globs []string, p string) (string, bool) {
	for _, g := range globs {
		if MatchGlob(g, p) {
			return g, true
		}
	}
	return "", false
}

// decideMerge decides a lane's merge commit that made a change of its own
// (c.Evil): merged when the candidate has it, picked when a main-line
// commit says so, waived by a waiver; else missing. Nothing else can
// match a change no single commit makes.
func decideMerge(in Input, ix *index, li int, v Verdict) (Verdict, string) {
	c := v.Commit
	if in.InCandidate[c.SHA] {
		v.Status, v.Evidence = Merged, c.SHA
		return v, ""
	}
	if refs := ix.naming(ix.pickRefs, c.SHA, li); len(refs) > 0 {
		v.Status, v.Evidence, v.Claim = Picked, ix.main[refs[0].main].SHA, ClaimMainLine
		return v, ""
	}
	v.Evidence = "the merge changes " + strings.Join(c.Evil, ", ") + " beyond its parents"
	return waive(in, ix, li, v)
}

// pickedThroughLanes credits a missing hotfix that says it was picked from
// a commit of another lane (a backport passed from one release line to the
// next) with what that commit has: picked when the main line has its
// change, adapted when an adapted copy; only when its change relates to
// that commit's.
func pickedThroughLanes(rep *Report, in Input) {
	type laneVerdict struct {
		lane string
		v    Verdict
	}
	byPrefix := map[string][]laneVerdict{}
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			if len(v.Commit.SHA) >= 7 {
				byPrefix[v.Commit.SHA[:7]] = append(byPrefix[v.Commit.SHA[:7]], laneVerdict{l.Lane, v})
			}
		}
	}
	for li := range rep.Lanes {
		for vi := range rep.Lanes[li].Verdicts {
			v := &rep.Lanes[li].Verdicts[vi]
			if v.Status != Missing || v.Commit.Merge {
				continue
			}
		refs:
			for _, r := range PickedFrom(v.Commit.Message) {
				for _, other := range byPrefix[r[:7]] {
					if !sameCommit(r, other.v.Commit.SHA) || other.v.Commit.SHA == v.Commit.SHA {
						continue
					}
					rel, _, ok := in.verified(Pair{Hotfix: v.Commit.SHA, Other: other.v.Commit.SHA}, Relation.related)
					if !ok {
						continue
					}
					switch other.v.Status {
					case Merged, Picked, Equivalent, Squashed:
						v.Status, v.Claim, v.Copy = Picked, ClaimHotfix, ""
						v.Evidence = fmt.Sprintf("%s of %s, %s: %s", short(other.v.Commit.SHA), other.lane, other.v.Status, other.v.Evidence)
						v.Note = "verified: " + rel.String()
						break refs
					case Adapted:
						if !in.Strict {
							v.Status, v.Evidence, v.Claim, v.Note = Adapted, other.v.Evidence, ClaimHotfix, "through "+short(other.v.Commit.SHA)+" of "+other.lane+", "+other.v.Note
							break refs
						}
					}
				}
			}
		}
	}
}
