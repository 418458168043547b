package lanescan

import (
	"hash/fnv"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// collector gathers what the analysis needs after the walk.
type collector struct {
	h         *History
	g         *graph
	laneNodes [][]*node                  // per lane of the input, its hotfix commits
	mainNodes []*node                    // per main-line commit of the input
	changes   map[plumbing.Hash][]change // hotfix commits' changes
	lanes     []laneChain
	touch     map[string][]laneRef       // path → the hotfix commits that change it
	filter    *pathFilter                // every path a hotfix changed; nil until needed
	parts     map[change]part            // files' shares of patch-ids, computed once per distinct change
	read      map[plumbing.Hash][]change // other commits' changes, read to measure a relation
	lines     map[change]lineSet         // files' changed lines, read to measure a relation
	pinReads  map[pinKey]pinRead         // files' pins, read once per blob
}

// laneChain is a lane's hotfix commits as in verdict.Lane.Commits, and
// which of them continue a first-parent chain.
type laneChain struct {
	nodes []*node
	// linked[k]: commit k's first parent is commit k-1 and neither is
	// settled (merged or picked), so a squash range may run from k-1 into
	// k. A settled commit ends a chain: a squash range holds only commits
	// that ancestry and trailers leave open.
	linked []bool
}

// laneRef names hotfix commit idx of lane.
type laneRef struct{ lane, idx int }

// mainShape is a main-line commit whose change lies wholly inside the
// hotfix paths: the only kind that can match a hotfix or a chain of them.
type mainShape struct {
	main    int // index in Input.MainLine
	changes []change
	key     uint64 // its header-only id: the set of paths changed
}

func newCollector(h *History, g *graph) *collector {
	return &collector{h: h, g: g, changes: map[plumbing.Hash][]change{}, touch: map[string][]laneRef{}, parts: map[change]part{},
		read: map[plumbing.Hash][]change{}, lines: map[change]lineSet{}, pinReads: map[pinKey]pinRead{}}
}

// addLane records the next lane's hotfix commits in the path index: those
// not settled, whose changes are read already.
func (c *collector) addLane(nodes []*node, settled []bool) {
	li := len(c.lanes)
	chain := laneChain{nodes: nodes, linked: make([]bool, len(nodes))}
	for k, n := range nodes {
		chain.linked[k] = k > 0 && n.firstParent() == nodes[k-1].hash && !settled[k] && !settled[k-1] &&
			len(n.parents) == 1 && len(nodes[k-1].parents) == 1
		if settled[k] || len(n.parents) > 1 {
			continue
		}
		for _, x := range c.changes[n.hash] {
			c.touch[x.path] = append(c.touch[x.path], laneRef{lane: li, idx: k})
		}
	}
	c.lanes = append(c.lanes, chain)
}

// changesOf lists what a hotfix commit changed against its first parent
// (the empty tree for a root commit).
func (c *collector) changesOf(n *node) ([]change, error) {
	if ch, ok := c.changes[n.hash]; ok {
		return ch, nil
	}
	if ch, ok := c.read[n.hash]; ok {
		c.changes[n.hash] = ch
		return ch, nil
	}
	before, after, err := c.trees(n)
	if err != nil {
		return nil, err
	}
	ch, err := c.h.diffTrees(before, after, nil)
	if err != nil {
		return nil, err
	}
	c.changes[n.hash] = ch
	return ch, nil
}

// mainShape reads a main-line commit's change as far as it stays inside
// the hotfix paths; ok is false when it leaves them or changes nothing.
func (c *collector) mainShape(n *node) (mainShape, bool, error) {
	if len(c.touch) == 0 {
		return mainShape{}, false, nil
	}
	c.hotfixFilter()
	before, after, err := c.trees(n)
	if err != nil {
		return mainShape{}, false, err
	}
	var ch []change
	ok := true
	if c.h.exhaustive {
		ch, err = c.h.diffTrees(before, after, nil)
	} else {
		ch, ok, err = c.h.diffWithin(before, after, c.filter)
	}
	if err != nil || !ok || len(ch) == 0 {
		return mainShape{}, false, err
	}
	return mainShape{changes: ch, key: pathKey(ch)}, true, nil
}

// pathKey is the header-only id of a change: a hash of its sorted paths.
// Equal patch-ids need equal keys; a collision of keys only costs a full
// patch-id more.
func pathKey(ch []change) uint64 {
	f := fnv.New64a()
	for _, x := range ch {
		f.Write([]byte(x.path))
		f.Write([]byte{0})
	}
	return f.Sum64()
}

// match finds the hotfix commits, and the chains of them, whose change
// equals a main-line commit's. Only changes with the same header-only id
// (the same paths) are compared, file by file, stopping at the first file
// that differs; two changes of the same blobs are equal without a diff.
// Equal changes get equal tokens where the analysis reads patch-ids.
func (c *collector) match(in *verdict.Input, shapes []mainShape) error {
	if c.h.exhaustive {
		return c.matchAll(in, shapes)
	}
	byKey := map[uint64][]laneRef{}
	for li, chain := range c.lanes {
		for k, n := range chain.nodes {
			if ch := c.changes[n.hash]; len(ch) > 0 {
				key := pathKey(ch)
				byKey[key] = append(byKey[key], laneRef{lane: li, idx: k})
			}
		}
	}
	c.prefetchParts(c.likelyParts(shapes, byKey))
	var same sameness
	for _, s := range shapes {
		first, ok := c.rarest(s)
		if !ok {
			continue // a path no hotfix changes: nothing can match
		}
		for _, r := range byKey[s.key] {
			equal, err := c.samePatch(c.changes[c.lanes[r.lane].nodes[r.idx].hash], s.changes, first)
			if err != nil {
				return err
			}
			if equal {
				same.union(mainMember(s.main), hotfixMember(r))
			}
		}
		windows, err := c.squashWindows(s, first)
		if err != nil {
			return err
		}
		for _, w := range windows {
			same.union(mainMember(s.main), windowMember(w))
		}
	}
	same.label(in)
	return nil
}

// likelyParts lists the file changes whose patch-id parts match will
// most likely compute: for each main-line shape, its change of the file
// compared first and that of each hotfix with the same paths. (Squash
// windows are not listed: enumerating them twice cost istio more than
// reading their parts ahead saved.)
func (c *collector) likelyParts(shapes []mainShape, byKey map[uint64][]laneRef) []change {
	var out changeList
	for _, s := range shapes {
		first, ok := c.rarest(s)
		if !ok {
			continue
		}
		var x change
		for _, y := range s.changes {
			if y.path == first {
				x = y
			}
		}
		for _, r := range byKey[s.key] {
			for _, y := range c.changes[c.lanes[r.lane].nodes[r.idx].hash] {
				if y.path == first && y != x {
					out.add(y, x)
				}
			}
		}
	}
	return out.list
}

// rarest is the path of s that the fewest hotfix commits change: where a
// search for matching hotfixes starts, and the file compared first.
func (c *collector) rarest(s mainShape) (string, bool) {
	path, fewest := "", -1
	for _, x := range s.changes {
		n := len(c.touch[x.path])
		if n == 0 {
			return "", false
		}
		if fewest < 0 || n < fewest {
			path, fewest = x.path, n
		}
	}
	return path, true
}

// lanePatchID computes a hotfix commit's full patch-id once.
func (c *collector) lanePatchID(in *verdict.Input, r laneRef) error {
	commit := &in.Lanes[r.lane].Commits[r.idx]
	if commit.PatchID != "" {
		return nil
	}
	id, err := c.h.patchID(c.changes[c.lanes[r.lane].nodes[r.idx].hash])
	commit.PatchID = id
	return err
}

// hotfixFilter is the filter of every path an open hotfix changes.
func (c *collector) hotfixFilter() *pathFilter {
	if c.filter == nil {
		paths := make(map[string]bool, len(c.touch))
		for p := range c.touch {
			paths[p] = true
		}
		c.filter = newPathFilter(paths)
	}
	return c.filter
}
