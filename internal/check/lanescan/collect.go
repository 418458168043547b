package lanescan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// Collect gathers the analysis input for candidate and lanes. Lanes whose
// base tag is missing are compared from their merge-base with the
// candidate, with a warning.
//
// The cost is kept near git's own (git cherry): one walk paints the
// history for every lane at once; a main-line commit's change is read only
// as far as it stays inside the paths the hotfixes touched; full patch-ids
// are computed only where the header-only ids (the sets of paths changed)
// of a hotfix, or of a chain of hotfixes, and a main-line commit collide.
func (h *History) Collect(candidate plumbing.Hash, mainName string, specs []LaneSpec) (verdict.Input, error) {
	in := verdict.Input{Candidate: candidate.String(), Main: mainName, InCandidate: map[string]bool{}, Strict: h.strict,
		Reading: verdict.NewReading()}
	var lanes []LaneSpec
	var warnings [][]string
	skipped := map[int]verdict.Lane{} // by position in specs
	for i, spec := range specs {
		var warn []string
		if spec.Base.IsZero() {
			mb, err := h.mergeBase(spec.Tips[0], candidate)
			if err != nil {
				warn = append(warn, fmt.Sprintf("release tag %s not found, and the lane shares no history with the candidate: skipped", spec.BaseTag))
				skipped[i] = verdict.Lane{Name: spec.Name, Base: spec.BaseTag, Warnings: warn}
				continue
			}
			spec.Base = mb
			warn = append(warn, fmt.Sprintf("release tag %s not found: compared from the merge-base %s of the lane and the candidate", spec.BaseTag, mb.String()[:12]))
		}
		lanes = append(lanes, spec)
		warnings = append(warnings, warn)
	}

	starts := newStartSet(bitCount(len(lanes)))
	starts.mark(candidate, candidateBit())
	for l, spec := range lanes {
		starts.mark(spec.Base, baseBit(l))
		for _, tip := range spec.Tips {
			starts.mark(tip, tipBit(l))
		}
	}
	g, err := h.walkLanes(starts, len(lanes))
	if err != nil {
		return in, err
	}

	c := newCollector(h, g)
	if err := c.gather(&in, lanes, warnings, skipped); err != nil {
		return in, err
	}
	if err := c.resolvePicks(&in); err != nil {
		return in, err
	}
	// what hotfixes claim of themselves is believed only once their
	// changes confirm it: those claims are measured before the settled
	// commits are set aside
	if err := c.laneChanges(&in); err != nil {
		return in, err
	}
	if err := c.relate(&in, verdict.Claims(in)); err != nil {
		return in, err
	}
	open, err := c.readOpen(&in)
	if err != nil {
		return in, err
	}
	shapes, err := c.mainShapes(&in, open)
	if err != nil {
		return in, err
	}
	if err := c.match(&in, shapes); err != nil {
		return in, err
	}
	// adapted copies are looked for only where patch-ids decided nothing,
	// and what a change is only where neither did
	if err := c.relate(&in, verdict.Witnesses(in)); err != nil {
		return in, err
	}
	return in, c.identities(&in)
}

// laneChanges reads, lane by lane in order, the changes of the hotfix
// commits that ancestry and trailers leave open: relating their claims
// and reading the open ones need them, and neighbouring commits share
// their trees while those are in the cache.
func (c *collector) laneChanges(in *verdict.Input) error {
	settled := verdict.Settled(*in)
	for li, nodes := range c.laneNodes {
		for k, n := range nodes {
			if settled[li][k] || len(n.parents) > 1 {
				continue
			}
			if _, _, err := c.commitChanges(n.hash.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// readOpen reads the changes of the hotfix commits left open: what
// ancestry and trailers settle (merged, picked) needs no change read, and
// on real release branches that is most of them. It returns the lanes
// that have open commits.
func (c *collector) readOpen(in *verdict.Input) (verdict.LaneSet, error) {
	settled := verdict.Settled(*in)
	open := verdict.NewLaneSet(len(in.Lanes))
	for li, nodes := range c.laneNodes {
		for k, n := range nodes {
			if settled[li][k] || len(n.parents) > 1 {
				continue
			}
			open.Add(li)
			ch, err := c.changesOf(n)
			if err != nil {
				return nil, err
			}
			in.Lanes[li].Commits[k].Empty = len(ch) == 0
			in.Lanes[li].Commits[k].Paths = pathsOf(ch)
		}
		c.addLane(nodes, settled[li])
	}
	return open, nil
}

// mainShapes reads the changes of the main-line commits that could match
// an open hotfix: those counting for a lane with open commits, as far as
// they stay inside the hotfix paths.
func (c *collector) mainShapes(in *verdict.Input, open verdict.LaneSet) ([]mainShape, error) {
	var shapes []mainShape
	for i, n := range c.mainNodes {
		if in.MainLine[i].Merge || !in.MainLine[i].Lanes.Intersects(open) {
			continue
		}
		shape, ok, err := c.mainShape(n)
		if err != nil {
			return nil, err
		}
		if ok {
			shape.main = i
			shapes = append(shapes, shape)
		}
	}
	return shapes, nil
}

// pathsOf lists the paths of a change (never nil: read, if empty).
func pathsOf(ch []change) []string {
	out := make([]string, 0, len(ch))
	for _, x := range ch {
		out = append(out, x.path)
	}
	return out
}

// gather reads the lanes' hotfix commits and the main-line commits that
// count for some lane, messages included, in the order the analysis
// reports them: lanes in the order of specs (skipped ones in place), main
// commits newest first.
func (c *collector) gather(in *verdict.Input, lanes []LaneSpec, warnings [][]string, skipped map[int]verdict.Lane) error {
	pos := make([]int, len(lanes)) // a walked lane's index in in.Lanes
	addSkipped := func() {
		for lane, ok := skipped[len(in.Lanes)]; ok; lane, ok = skipped[len(in.Lanes)] {
			in.Lanes = append(in.Lanes, lane)
			c.laneNodes = append(c.laneNodes, nil)
		}
	}
	for l, spec := range lanes {
		addSkipped()
		pos[l] = len(in.Lanes)
		lane := verdict.Lane{Name: spec.Name, Base: spec.BaseTag, Warnings: warnings[l]}
		if len(warnings[l]) > 0 {
			lane.Base = spec.Base.String()
		}
		nodes := c.laneCommits(l, spec.Tips)
		for _, n := range nodes {
			text, err := c.textOf(n)
			if err != nil {
				return err
			}
			lane.Commits = append(lane.Commits, toCommit(n, text))
			if n.bits.has(candidateBit()) {
				in.InCandidate[n.hash.String()] = true
			}
		}
		if err := c.addEvilMerges(&lane, &nodes, l, in); err != nil {
			return err
		}
		in.Lanes = append(in.Lanes, lane)
		c.laneNodes = append(c.laneNodes, nodes)
	}
	addSkipped()

	for _, n := range c.sortedNodes() {
		if !n.bits.has(candidateBit()) {
			continue
		}
		set := verdict.NewLaneSet(len(in.Lanes))
		counts := false
		for l := range lanes {
			if !n.bits.has(baseBit(l)) {
				set.Add(pos[l])
				counts = true
			}
		}
		if !counts {
			continue
		}
		text, err := c.textOf(n)
		if err != nil {
			return err
		}
		in.MainLine = append(in.MainLine, verdict.MainCommit{Commit: toCommit(n, text), Lanes: set})
		c.mainNodes = append(c.mainNodes, n)
	}
	return nil
}

// addEvilMerges appends to a lane the merge commits that made a change
// of their own (evilPaths), after its other commits: each is owed like a
// hotfix commit.
func (c *collector) addEvilMerges(lane *verdict.Lane, nodes *[]*node, l int, in *verdict.Input) error {
	for _, n := range c.laneMerges(l) {
		evil, err := c.evilPaths(n)
		if err != nil {
			return err
		}
		if len(evil) == 0 {
			continue
		}
		text, err := c.h.text(n.hash)
		if err != nil {
			return err
		}
		commit := toCommit(n, text)
		commit.Evil, commit.Paths = evil, evil
		lane.Commits = append(lane.Commits, commit)
		*nodes = append(*nodes, n)
		if n.bits.has(candidateBit()) {
			in.InCandidate[n.hash.String()] = true
		}
	}
	return nil
}

// textOf is n's author and message: what the walk read, handed over
// once, else read again.
func (c *collector) textOf(n *node) (*commitText, error) {
	if text := n.text; text != nil {
		n.text = nil
		return text, nil
	}
	return c.h.text(n.hash)
}

func toCommit(n *node, text *commitText) verdict.Commit {
	subject, _, _ := strings.Cut(text.message, "\n")
	return verdict.Commit{SHA: n.hash.String(), Subject: strings.TrimSpace(subject), Author: text.author,
		Message: text.message, Merge: len(n.parents) > 1, When: n.when}
}

// laneCommits returns the lane's hotfix commits (tip bit, not base bit,
// no merges), parents before children, so that a first-parent chain of
// hotfix commits comes out as consecutive entries.
func (c *collector) laneCommits(l int, tips []plumbing.Hash) []*node {
	in := func(n *node) bool { return n.bits.has(tipBit(l)) && !n.bits.has(baseBit(l)) }
	var out []*node
	done := map[plumbing.Hash]bool{}
	var visit func(h plumbing.Hash)
	visit = func(h plumbing.Hash) {
		n, ok := c.g.nodes[h]
		if !ok || done[h] || !in(n) {
			return
		}
		done[h] = true
		for _, p := range n.parents {
			visit(p)
		}
		if len(n.parents) <= 1 {
			out = append(out, n)
		}
	}
	for _, t := range tips {
		visit(t)
	}
	return out
}

// sortedNodes returns the visited commits newest first, for a stable
// report order.
func (c *collector) sortedNodes() []*node {
	out := make([]*node, 0, len(c.g.nodes))
	for _, n := range c.g.nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].when != out[j].when {
			return out[i].when > out[j].when
		}
		return strings.Compare(out[i].hash.String(), out[j].hash.String()) < 0
	})
	return out
}
