package history

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/backport"
)

// Collect gathers the analysis input for candidate and lanes. Lanes whose
// base tag is missing are compared from their merge-base with the
// candidate, with a warning.
func (h *History) Collect(candidate plumbing.Hash, mainName string, specs []LaneSpec) (backport.Input, error) {
	in := backport.Input{Candidate: candidate.String(), Main: mainName, InCandidate: map[string]bool{}}
	var lanes []LaneSpec
	var warnings [][]string
	for _, spec := range specs {
		var warn []string
		if spec.Base.IsZero() {
			mb, err := h.mergeBase(spec.Tips[0], candidate)
			if err != nil {
				warn = append(warn, fmt.Sprintf("release tag %s not found, and the lane shares no history with the candidate: skipped", spec.BaseTag))
				in.Lanes = append(in.Lanes, backport.Lane{Name: spec.Name, Base: spec.BaseTag, Warnings: warn})
				continue
			}
			spec.Base = mb
			warn = append(warn, fmt.Sprintf("release tag %s not found: compared from the merge-base %s of the lane and the candidate", spec.BaseTag, mb.String()[:12]))
		}
		lanes = append(lanes, spec)
		warnings = append(warnings, warn)
	}

	starts := map[plumbing.Hash]bits{}
	words := (bitCount(len(lanes)) + 63) / 64
	mark := func(hash plumbing.Hash, bit int) {
		b, ok := starts[hash]
		if !ok {
			b = make(bits, words)
			starts[hash] = b
		}
		b.set(bit)
	}
	mark(candidate, candidateBit())
	for l, spec := range lanes {
		mark(spec.Base, baseBit(l))
		for _, tip := range spec.Tips {
			mark(tip, tipBit(l))
		}
	}
	g, err := h.walk(starts, len(lanes))
	if err != nil {
		return in, err
	}

	c := &collector{h: h, g: g, changes: map[plumbing.Hash][]change{}}
	paths := map[string]bool{}
	for l, spec := range lanes {
		commits := c.laneCommits(l, spec.Tips)
		lane := backport.Lane{Name: spec.Name, Base: spec.BaseTag, Warnings: warnings[l]}
		if spec.Base.String() != "" && len(warnings[l]) > 0 {
			lane.Base = spec.Base.String()
		}
		for _, n := range commits {
			ch, err := c.changesOf(n.commit, nil)
			if err != nil {
				return in, err
			}
			id, err := h.patchID(ch)
			if err != nil {
				return in, err
			}
			for _, x := range ch {
				paths[x.path] = true
			}
			bc := toCommit(n.commit)
			bc.PatchID = id
			lane.Commits = append(lane.Commits, bc)
			if n.bits.has(candidateBit()) {
				in.InCandidate[n.commit.Hash.String()] = true
			}
		}
		in.Lanes = append(in.Lanes, lane)
	}
	// lanes skipped above keep their place; map lane order to bit index
	laneIndex := map[string]int{}
	for l, spec := range lanes {
		laneIndex[spec.Name] = l
	}

	pathSets := map[string]bool{}
	filter := newPathFilter(paths)
	for _, n := range c.sortedNodes() {
		if !n.bits.has(candidateBit()) {
			continue
		}
		set := backport.NewLaneSet(len(in.Lanes))
		counts := false
		for i, lane := range in.Lanes {
			if l, ok := laneIndex[lane.Name]; ok && !n.bits.has(baseBit(l)) {
				set.Add(i)
				counts = true
			}
		}
		if !counts {
			continue
		}
		mc := backport.MainCommit{Commit: toCommit(n.commit), Lanes: set}
		if !mc.Merge && len(paths) > 0 {
			id, key, err := c.mainPatchID(n.commit, filter, paths)
			if err != nil {
				return in, err
			}
			mc.PatchID = id
			if key != "" {
				pathSets[key] = true
			}
		}
		in.MainLine = append(in.MainLine, mc)
	}
	// in.Lanes may hold skipped lanes; their LaneSet bits were assigned by
	// position in in.Lanes above, so squash ranges are indexed the same way
	for i := range in.Lanes {
		if err := c.ranges(&in.Lanes[i], pathSets); err != nil {
			return in, err
		}
	}
	if err := c.resolvePicks(&in, candidate); err != nil {
		return in, err
	}
	return in, nil
}

type collector struct {
	h       *History
	g       *graph
	changes map[plumbing.Hash][]change
}

func toCommit(c *object.Commit) backport.Commit {
	return backport.Commit{SHA: c.Hash.String(), Subject: subject(c), Author: c.Author.Name, Message: c.Message,
		Merge: len(c.ParentHashes) > 1}
}

// laneCommits returns the lane's hotfix commits (tip bit, not base bit,
// no merges), parents before children.
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
		for _, p := range n.commit.ParentHashes {
			visit(p)
		}
		if len(n.commit.ParentHashes) <= 1 {
			out = append(out, n)
		}
	}
	for _, t := range tips {
		visit(t)
	}
	return out
}

// changesOf lists what commit changed against its first parent (the empty
// tree for a root commit), optionally limited by filter.
func (c *collector) changesOf(commit *object.Commit, filter *pathFilter) ([]change, error) {
	if filter == nil {
		if ch, ok := c.changes[commit.Hash]; ok {
			return ch, nil
		}
	}
	tree, err := c.h.tree(commit.TreeHash)
	if err != nil {
		return nil, err
	}
	var parent *object.Tree
	if len(commit.ParentHashes) > 0 {
		pc, err := object.GetCommit(c.h.repo.Storer, commit.ParentHashes[0])
		if err != nil {
			return nil, fmt.Errorf("read commit %s: %w", commit.ParentHashes[0], err)
		}
		if parent, err = c.h.tree(pc.TreeHash); err != nil {
			return nil, err
		}
	}
	ch, err := c.h.diffTrees(parent, tree, filter)
	if err == nil && filter == nil {
		c.changes[commit.Hash] = ch
	}
	return ch, err
}

// mainPatchID computes a main-line commit's patch-id when it could match
// a hotfix: it touches the hotfix paths and nothing else. key names its
// set of paths, for squash ranges.
func (c *collector) mainPatchID(commit *object.Commit, filter *pathFilter, paths map[string]bool) (id, key string, err error) {
	touched, err := c.changesOf(commit, filter)
	if err != nil || len(touched) == 0 {
		return "", "", err
	}
	all, err := c.changesOf(commit, nil)
	if err != nil {
		return "", "", err
	}
	names := make([]string, 0, len(all))
	for _, x := range all {
		if !paths[x.path] {
			return "", "", nil
		}
		names = append(names, x.path)
	}
	id, err = c.h.patchID(all)
	return id, strings.Join(names, "\x00"), err
}

// ranges computes the combined patch-id of consecutive lane commits whose
// paths together are exactly those of some main-line commit.
func (c *collector) ranges(lane *backport.Lane, pathSets map[string]bool) error {
	if len(pathSets) == 0 || len(lane.Commits) < 2 {
		return nil
	}
	for first := 0; first < len(lane.Commits); first++ {
		union := map[string]bool{}
		for last := first; last < len(lane.Commits); last++ {
			ch := c.changes[plumbing.NewHash(lane.Commits[last].SHA)]
			for _, x := range ch {
				union[x.path] = true
			}
			if last == first || !pathSets[setKey(union)] {
				continue
			}
			id, err := c.rangePatchID(lane.Commits[first].SHA, lane.Commits[last].SHA)
			if err != nil {
				return err
			}
			if lane.Ranges == nil {
				lane.Ranges = map[backport.Range]string{}
			}
			lane.Ranges[backport.Range{First: first, Last: last}] = id
		}
	}
	return nil
}

func setKey(set map[string]bool) string {
	names := make([]string, 0, len(set))
	for p := range set {
		names = append(names, p)
	}
	sort.Strings(names)
	return strings.Join(names, "\x00")
}

func (c *collector) rangePatchID(first, last string) (string, error) {
	from, err := object.GetCommit(c.h.repo.Storer, plumbing.NewHash(first))
	if err != nil {
		return "", err
	}
	to, err := object.GetCommit(c.h.repo.Storer, plumbing.NewHash(last))
	if err != nil {
		return "", err
	}
	var before *object.Tree
	if len(from.ParentHashes) > 0 {
		p, err := object.GetCommit(c.h.repo.Storer, from.ParentHashes[0])
		if err != nil {
			return "", err
		}
		if before, err = c.h.tree(p.TreeHash); err != nil {
			return "", err
		}
	}
	after, err := c.h.tree(to.TreeHash)
	if err != nil {
		return "", err
	}
	ch, err := c.h.diffTrees(before, after, nil)
	if err != nil {
		return "", err
	}
	return c.h.patchID(ch)
}

// resolvePicks finds out whether the commits that hotfix trailers name
// are in the candidate, for picks of main commits older than the walk.
func (c *collector) resolvePicks(in *backport.Input, candidate plumbing.Hash) error {
	var cand *object.Commit
	for _, lane := range in.Lanes {
		for _, hc := range lane.Commits {
			for _, ref := range backport.PickedFrom(hc.Message) {
				if _, done := in.InCandidate[ref]; done {
					continue
				}
				hash, err := c.h.repo.ResolveRevision(plumbing.Revision(ref))
				if err != nil {
					in.InCandidate[ref] = false
					continue
				}
				if n, ok := c.g.nodes[*hash]; ok {
					in.InCandidate[ref] = n.bits.has(candidateBit())
					continue
				}
				target, err := object.GetCommit(c.h.repo.Storer, *hash)
				if err != nil {
					in.InCandidate[ref] = false
					continue
				}
				if cand == nil {
					if cand, err = object.GetCommit(c.h.repo.Storer, candidate); err != nil {
						return err
					}
				}
				ok, err := target.IsAncestor(cand)
				if err != nil {
					return err
				}
				in.InCandidate[ref] = ok
			}
		}
	}
	return nil
}

// sortedNodes returns the visited commits newest first, for a stable
// report order.
func (c *collector) sortedNodes() []*node {
	out := make([]*node, 0, len(c.g.nodes))
	for _, n := range c.g.nodes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		ti, tj := out[i].commit.Committer.When, out[j].commit.Committer.When
		if !ti.Equal(tj) {
			return ti.After(tj)
		}
		return out[i].commit.Hash.String() < out[j].commit.Hash.String()
	})
	return out
}
