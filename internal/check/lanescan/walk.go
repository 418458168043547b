package lanescan

import (
	"container/heap"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// bits is a set of start points that reach a commit: bit 0 the candidate,
// then per lane one bit for its base and one for its tips.
type bits []uint64

func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bits) set(i int)      { b[i/64] |= 1 << (i % 64) }

// or merges o into b and says whether b changed.
func (b bits) or(o bits) bool {
	changed := false
	for i := range b {
		if n := b[i] | o[i]; n != b[i] {
			b[i], changed = n, true
		}
	}
	return changed
}

// startSet is the start points of a walk and the bits each starts with.
type startSet struct {
	words int
	bits  map[plumbing.Hash]bits
}

func newStartSet(n int) *startSet {
	return &startSet{words: (n + 63) / 64, bits: map[plumbing.Hash]bits{}}
}

// mark starts the walk at hash with bit set.
func (s *startSet) mark(hash plumbing.Hash, bit int) {
	b, ok := s.bits[hash]
	if !ok {
		b = make(bits, s.words)
		s.bits[hash] = b
	}
	b.set(bit)
}

func candidateBit() int      { return 0 }
func baseBit(lane int) int   { return 1 + 2*lane }
func tipBit(lane int) int    { return 2 + 2*lane }
func bitCount(lanes int) int { return 1 + 2*lanes }

// node is one visited commit: only what the walk and the later steps need
// to find it again. Messages and trees are read when a commit turns out to
// be of interest, not held for every commit walked.
type node struct {
	hash    plumbing.Hash
	parents []plumbing.Hash
	tree    plumbing.Hash
	when    int64 // committer time, Unix seconds
	bits    bits
	// expanded: its parents were painted with its bits; a commit still
	// queued when the walk stopped was not
	expanded bool
	// text is the author and message the lane walk read with it (none
	// from a commit-graph), kept until they are gathered
	text *commitText
}

func (n *node) firstParent() plumbing.Hash {
	if len(n.parents) == 0 {
		return plumbing.ZeroHash
	}
	return n.parents[0]
}

// graph is what the walk learned.
type graph struct {
	nodes map[plumbing.Hash]*node
	stale bits // a commit reached from every one of these is of no interest
}

func (g *graph) isStale(n *node) bool {
	for i, w := range g.stale {
		if n.bits[i]&w != w {
			return false
		}
	}
	return true
}

// walkLanes paints the history below the candidate and the lanes' bases
// and tips, in one pass for all lanes; it stops once every commit still
// queued is reached by every base (nothing below can be a hotfix or
// main-line commit of any lane).
func (h *History) walkLanes(starts *startSet, lanes int) (*graph, error) {
	stale := make(bits, starts.words)
	for l := 0; l < lanes; l++ {
		stale.set(baseBit(l))
	}
	return h.walk(starts, stale, nil, true)
}

// walk paints the history below the start points with the bits of the
// start points that reach each commit, like git's merge-base walk: newest
// commits first, until every commit still queued has all the bits of
// stale. Commits that known has seen are not read again; with keep, the
// commits decoded on the way are kept for their messages.
func (h *History) walk(starts *startSet, stale bits, known *graph, keep bool) (*graph, error) {
	words := len(stale)
	g := &graph{nodes: map[plumbing.Hash]*node{}, stale: stale}
	q := &queue{}
	fresh := 0 // queued entries that were not stale when queued
	push := func(n *node) {
		e := entry{n: n, fresh: !g.isStale(n)}
		if e.fresh {
			fresh++
		}
		heap.Push(q, e)
	}
	for hash, b := range starts.bits {
		n, err := h.node(g, known, hash, words, keep)
		if err != nil {
			return nil, err
		}
		n.bits.or(b)
		push(n)
	}
	for q.Len() > 0 && fresh > 0 {
		e := heap.Pop(q).(entry)
		if e.fresh {
			fresh--
		}
		n := e.n
		n.expanded = true
		h.walked()
		for _, p := range n.parents {
			parent, err := h.node(g, known, p, words, keep)
			if err != nil {
				if h.shallow[p] || h.shallow[n.hash] {
					return nil, &ShallowError{Commit: n.hash.String()}
				}
				return nil, err
			}
			if parent.bits.or(n.bits) {
				push(parent)
			}
		}
	}
	return g, nil
}

func (h *History) node(g, known *graph, hash plumbing.Hash, words int, keep bool) (*node, error) {
	if n, ok := g.nodes[hash]; ok {
		return n, nil
	}
	if known != nil {
		if k, ok := known.nodes[hash]; ok {
			n := &node{hash: hash, parents: k.parents, tree: k.tree, when: k.when, bits: make(bits, words)}
			g.nodes[hash] = n
			return n, nil
		}
	}
	info, err := h.info(hash)
	if err != nil {
		return nil, err
	}
	n := &node{hash: hash, parents: info.parents, tree: info.tree, when: info.when, bits: make(bits, words)}
	if keep {
		n.text = info.text
	}
	g.nodes[hash] = n
	return n, nil
}

// ShallowError says the walk reached the edge of a shallow clone.
type ShallowError struct{ Commit string }

func (e *ShallowError) Error() string {
	return fmt.Sprintf("the clone is shallow: the history below commit %s is not there", e.Commit)
}

// entry is a queued commit; fresh records whether it counted as
// interesting when it was queued.
type entry struct {
	n     *node
	fresh bool
}

// queue orders commits newest first.
type queue []entry

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q[i].n.when > q[j].n.when }
func (q queue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)        { *q = append(*q, x.(entry)) }
func (q *queue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}
