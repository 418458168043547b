package lanescan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// member is a change the gate compares: a main-line commit, a hotfix
// commit, or a window of hotfix commits.
type member struct {
	kind    byte // 'm', 'h' or 'w'
	a, b, c int  // main index; lane and commit; lane, first and last
}

func mainMember(i int) member       { return member{kind: 'm', a: i} }
func hotfixMember(r laneRef) member { return member{kind: 'h', a: r.lane, b: r.idx} }
func windowMember(w window) member  { return member{kind: 'w', a: w.lane, b: w.r.First, c: w.r.Last} }

// sameness groups the changes found to have the same patch (a union-find):
// having the same patch is an equivalence, and every pair that could have
// it (the same paths) is compared, so the groups are exactly the sets of
// equal patch-ids among the changes involved, without the patch-ids.
type sameness struct{ parent map[member]member }

func (s *sameness) find(x member) member {
	p, ok := s.parent[x]
	if !ok || p == x {
		return x
	}
	root := s.find(p)
	s.parent[x] = root
	return root
}

func (s *sameness) union(x, y member) {
	if s.parent == nil {
		s.parent = map[member]member{}
	}
	for _, m := range []member{x, y} {
		if _, ok := s.parent[m]; !ok {
			s.parent[m] = m
		}
	}
	if rx, ry := s.find(x), s.find(y); rx != ry {
		s.parent[rx] = ry
	}
}

// label writes one token per group where the analysis reads patch-ids:
// equal tokens for equal patches, and none where nothing matched. Groups
// are numbered in the order of their first member (main-line commits,
// hotfixes, windows, each in input order), so that the same history
// gives the same input.
func (s *sameness) label(in *verdict.Input) {
	tokens := map[member]string{}
	members := slices.SortedFunc(maps.Keys(s.parent), func(x, y member) int {
		return cmp.Or(cmp.Compare(x.kind, y.kind), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(x.c, y.c))
	})
	for _, m := range members {
		root := s.find(m)
		token, ok := tokens[root]
		if !ok {
			token = fmt.Sprintf("same-patch-%d", len(tokens)+1)
			tokens[root] = token
		}
		switch m.kind {
		case 'm':
			in.MainLine[m.a].PatchID = token
		case 'h':
			in.Lanes[m.a].Commits[m.b].PatchID = token
		case 'w':
			lane := &in.Lanes[m.a]
			if lane.Ranges == nil {
				lane.Ranges = map[verdict.Range]string{}
			}
			lane.Ranges[verdict.Range{First: m.b, Last: m.c}] = token
		}
	}
}
