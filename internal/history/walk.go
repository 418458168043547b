package history

import (
	"container/heap"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
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

func candidateBit() int      { return 0 }
func baseBit(lane int) int   { return 1 + 2*lane }
func tipBit(lane int) int    { return 2 + 2*lane }
func bitCount(lanes int) int { return 1 + 2*lanes }

// node is one visited commit.
type node struct {
	commit *object.Commit
	bits   bits
}

// graph is what the walk learned.
type graph struct {
	nodes map[plumbing.Hash]*node
	lanes int
	stale bits // every base bit: a commit all bases reach is of no interest
}

func (g *graph) isStale(n *node) bool {
	for i, w := range g.stale {
		if n.bits[i]&w != w {
			return false
		}
	}
	return true
}

// walk paints the history below the start points with the bits of the
// start points that reach each commit, in one pass for all lanes, like
// git's merge-base walk: newest commits first, and it stops once every
// commit still queued is reached by every base (nothing below can be a
// hotfix or main-line commit of any lane).
func (h *History) walk(starts map[plumbing.Hash]bits, lanes int) (*graph, error) {
	words := (bitCount(lanes) + 63) / 64
	g := &graph{nodes: map[plumbing.Hash]*node{}, lanes: lanes, stale: make(bits, words)}
	for l := 0; l < lanes; l++ {
		g.stale.set(baseBit(l))
	}
	q := &queue{}
	fresh := 0 // queued entries that were not stale when queued
	push := func(n *node) {
		e := entry{n: n, fresh: !g.isStale(n)}
		if e.fresh {
			fresh++
		}
		heap.Push(q, e)
	}
	for hash, b := range starts {
		n, err := h.node(g, hash, words)
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
		for _, p := range n.commit.ParentHashes {
			parent, err := h.node(g, p, words)
			if err != nil {
				if h.shallow[p] || h.shallow[n.commit.Hash] {
					return nil, &ShallowError{Commit: n.commit.Hash.String()}
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

func (h *History) node(g *graph, hash plumbing.Hash, words int) (*node, error) {
	if n, ok := g.nodes[hash]; ok {
		return n, nil
	}
	c, err := object.GetCommit(h.repo.Storer, hash)
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", hash, err)
	}
	n := &node{commit: c, bits: make(bits, words)}
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

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	return q[i].n.commit.Committer.When.After(q[j].n.commit.Committer.When)
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(entry)) }
func (q *queue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}
