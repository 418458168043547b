package lanescan

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// window is a first-parent chain of two or more hotfix commits of a lane.
type window struct {
	lane int
	r    verdict.Range
}

// squashWindows finds the chains of hotfix commits whose combined change
// equals main-line commit s's.
func (c *collector) squashWindows(s mainShape, first string) ([]window, error) {
	var out []window
	err := c.eachWindow(s, first, func(w window, state map[string]*span) error {
		same, err := c.sameAsWindow(state, s, first)
		if same {
			out = append(out, w)
		}
		return err
	})
	return out, err
}

// eachWindow calls visit with every window that could have been squashed
// into main-line commit s: two or more consecutive commits of one
// first-parent chain, each changing only paths s changes, whose combined
// change has exactly the paths of s, with the state of each path before
// and after the window. It starts from the hotfix commits that change
// first, the path of s that the fewest hotfix commits change, so a
// main-line commit costs in proportion to the hotfixes that could match
// it, not to the lanes' length. It reads no object.
func (c *collector) eachWindow(s mainShape, first string, visit func(window, map[string]*span) error) error {
	inside := make(map[string]bool, len(s.changes))
	for _, x := range s.changes {
		inside[x.path] = true
	}
	within := func(li, k int) bool {
		for _, x := range c.changes[c.lanes[li].nodes[k].hash] {
			if !inside[x.path] {
				return false
			}
		}
		return true
	}
	runs := map[laneRef]bool{}
	for _, r := range c.touch[first] {
		chain := c.lanes[r.lane]
		if !within(r.lane, r.idx) {
			continue
		}
		lo, hi := r.idx, r.idx
		for lo > 0 && chain.linked[lo] && within(r.lane, lo-1) {
			lo--
		}
		for hi+1 < len(chain.nodes) && chain.linked[hi+1] && within(r.lane, hi+1) {
			hi++
		}
		run := laneRef{lane: r.lane, idx: lo}
		if hi == lo || runs[run] {
			continue
		}
		runs[run] = true
		if err := c.runWindows(r.lane, lo, hi, len(s.changes), visit); err != nil {
			return err
		}
	}
	return nil
}

// span is one path's state before a window and after it.
type span struct {
	oldMode, newMode filemode.FileMode
	oldHash, newHash plumbing.Hash
}

func (s *span) differs() bool { return s.oldMode != s.newMode || s.oldHash != s.newHash }

// runWindows visits the windows of two or more commits inside lane
// commits lo..hi (one chain, each inside the paths of a main-line commit
// that changes width paths) whose combined change changes width paths.
// Along a first-parent chain a path's state before the window is what the
// first commit to change it found, and after it what the last one left.
func (c *collector) runWindows(lane, lo, hi, width int, visit func(window, map[string]*span) error) error {
	nodes := c.lanes[lane].nodes
	for i := lo; i < hi; i++ {
		state := make(map[string]*span, width)
		differ := 0
		for j := i; j <= hi; j++ {
			for _, x := range c.changes[nodes[j].hash] {
				sp := state[x.path]
				if sp == nil {
					sp = &span{oldMode: x.oldMode, oldHash: x.oldHash}
					state[x.path] = sp
				} else if sp.differs() {
					differ--
				}
				sp.newMode, sp.newHash = x.newMode, x.newHash
				if sp.differs() {
					differ++
				}
			}
			if j == i || differ != width {
				continue
			}
			if err := visit(window{lane: lane, r: verdict.Range{First: i, Last: j}}, state); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameAsWindow compares a window's combined change with s's: first the
// file first, where most windows differ, and the whole change only then.
func (c *collector) sameAsWindow(state map[string]*span, s mainShape, first string) (bool, error) {
	combined := func(path string) change {
		sp := state[path]
		return change{path: path, oldMode: sp.oldMode, newMode: sp.newMode, oldHash: sp.oldHash, newHash: sp.newHash}
	}
	for _, x := range s.changes {
		if x.path != first {
			continue
		}
		w := combined(first)
		if w == x {
			break
		}
		pw, err := c.filePart(w)
		if err != nil {
			return false, err
		}
		px, err := c.filePart(x)
		if err != nil {
			return false, err
		}
		if pw.ok && px.ok && pw.part != px.part {
			return false, nil
		}
	}
	ch := make([]change, len(s.changes))
	for k, x := range s.changes {
		ch[k] = combined(x.path)
	}
	return c.samePatch(ch, s.changes, first)
}

// matchAll is the reference the header-first path must agree with: every
// hotfix and main-line patch-id computed in full, and every first-parent
// chain of hotfix commits whose paths together are some main-line
// commit's diffed from real trees. Only the property test uses it.
func (c *collector) matchAll(in *verdict.Input, shapes []mainShape) error {
	keys := map[uint64]bool{}
	for _, s := range shapes {
		id, err := c.h.patchID(s.changes)
		if err != nil {
			return err
		}
		in.MainLine[s.main].PatchID = id
		keys[s.key] = true
	}
	for li, chain := range c.lanes {
		for k := range chain.nodes {
			if len(c.changes[chain.nodes[k].hash]) > 0 {
				if err := c.lanePatchID(in, laneRef{lane: li, idx: k}); err != nil {
					return err
				}
			}
		}
		for i := range chain.nodes {
			union := map[string]bool{}
			for _, x := range c.changes[chain.nodes[i].hash] {
				union[x.path] = true
			}
			for j := i + 1; j < len(chain.nodes) && chain.linked[j]; j++ {
				for _, x := range c.changes[chain.nodes[j].hash] {
					union[x.path] = true
				}
				if !keys[unionKey(union)] {
					continue
				}
				id, err := c.rangePatchID(chain.nodes[i], chain.nodes[j])
				if err != nil {
					return err
				}
				lane := &in.Lanes[li]
				if lane.Ranges == nil {
					lane.Ranges = map[verdict.Range]string{}
				}
				lane.Ranges[verdict.Range{First: i, Last: j}] = id
			}
		}
	}
	return nil
}

func unionKey(set map[string]bool) uint64 {
	ch := make([]change, 0, len(set))
	for p := range set {
		ch = append(ch, change{path: p})
	}
	sortChanges(ch)
	return pathKey(ch)
}

// rangePatchID diffs the tree before first against the tree of last.
func (c *collector) rangePatchID(first, last *node) (string, error) {
	before, _, err := c.trees(first)
	if err != nil {
		return "", err
	}
	_, after, err := c.trees(last)
	if err != nil {
		return "", err
	}
	ch, err := c.h.diffTrees(before, after, nil)
	if err != nil {
		return "", err
	}
	return c.h.patchID(ch)
}
