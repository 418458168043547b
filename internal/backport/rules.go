package backport

import (
	"fmt"
	"strings"
)

// byPRs decides a hotfix that names the pull requests it carries: picked
// when the main line merged every one of them.
func byPRs(ix *index, li int, c Commit) (status, evidence string, ok bool) {
	prs := citedPRs(c)
	if len(prs) == 0 {
		return "", "", false
	}
	var found []string
	for _, pr := range prs {
		m, ok := ix.mergedFor(pr, li)
		if !ok {
			return "", "", false
		}
		found = append(found, fmt.Sprintf("#%d %s", pr, short(m.SHA)))
	}
	if len(found) == 1 {
		return Picked, "pull request " + found[0], true
	}
	return Picked, "pull requests " + strings.Join(found, ", "), true
}

// mergedFor is the main-line commit, counting for lane, that merged pull
// request pr.
func (ix *index) mergedFor(pr, lane int) (MainCommit, bool) {
	for _, i := range ix.byPR[pr] {
		if ix.main[i].Lanes.Has(lane) {
			return ix.main[i], true
		}
	}
	return MainCommit{}, false
}

// adaptedFrom is a main-line commit, counting for lane, with c's
// normalised subject that changes one of c's paths: an adapted backport
// (conflicts resolved, context different). "" when there is none.
func adaptedFrom(ix *index, li int, c Commit) string {
	if c.Paths == nil {
		return ""
	}
	for _, i := range ix.bySubject[NormalizeSubject(c.Subject)] {
		if m := ix.main[i]; m.Lanes.Has(li) && overlaps(m.Paths, c.Paths) {
			return m.SHA
		}
	}
	return ""
}

// pickedThroughLanes credits a missing hotfix that says it was picked from
// a commit of another lane (a backport passed from one release line to the
// next) with what that commit has: picked when the main line has its
// change, adapted when an adapted copy.
func pickedThroughLanes(rep *Report, strict bool) {
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
			if v.Status != Missing {
				continue
			}
		refs:
			for _, r := range PickedFrom(v.Commit.Message) {
				for _, other := range byPrefix[r[:7]] {
					if !sameCommit(r, other.v.Commit.SHA) {
						continue
					}
					switch other.v.Status {
					case Merged, Picked, Equivalent, Squashed:
						v.Status = Picked
						v.Evidence = fmt.Sprintf("%s of %s, %s: %s", short(other.v.Commit.SHA), other.lane, other.v.Status, other.v.Evidence)
						break refs
					case Adapted:
						if !strict {
							v.Status, v.Evidence = Adapted, other.v.Evidence
							break refs
						}
					}
				}
			}
		}
	}
}
