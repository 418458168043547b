package history

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/backport"
)

// resolvePicks finds out whether the commits that hotfix trailers name are
// in the candidate. Most are answered by the walk's paint; the rest (picks
// of commits older than every base, or of commits on other branches) by
// one more walk that paints down from the candidate and from all of them
// at once, like git merge-base --is-ancestor for many commits: it ends
// where their histories meet, not at the root.
func (c *collector) resolvePicks(in *backport.Input) error {
	targets := map[plumbing.Hash][]string{} // commit → the refs that name it
	for _, lane := range in.Lanes {
		for _, hc := range lane.Commits {
			for _, ref := range backport.PickedFrom(hc.Message) {
				if _, done := in.InCandidate[ref]; done {
					continue
				}
				hash, ok := c.resolve(ref)
				if !ok {
					in.InCandidate[ref] = false
					continue
				}
				if n, ok := c.g.nodes[hash]; ok {
					in.InCandidate[ref] = n.bits.has(candidateBit())
					continue
				}
				in.InCandidate[ref] = false
				targets[hash] = append(targets[hash], ref)
			}
		}
	}
	if len(targets) == 0 {
		return nil
	}
	found, err := c.h.reachable(c.frontier(), targets, c.g)
	if err != nil {
		return err
	}
	for hash := range found {
		for _, ref := range targets[hash] {
			in.InCandidate[ref] = true
		}
	}
	return nil
}

// frontier is where the lane walk stopped painting the candidate's
// history: every commit the candidate reaches that the walk did not see is
// reached from one of these.
func (c *collector) frontier() []plumbing.Hash {
	var out []plumbing.Hash
	for hash, n := range c.g.nodes {
		if n.bits.has(candidateBit()) && !n.expanded {
			out = append(out, hash)
		}
	}
	return out
}

// resolve turns a sha a trailer wrote into a commit the clone has.
func (c *collector) resolve(ref string) (plumbing.Hash, bool) {
	hash := plumbing.NewHash(ref)
	if len(ref) != 40 {
		h, err := c.h.repo.ResolveRevision(plumbing.Revision(ref))
		if err != nil {
			return plumbing.ZeroHash, false
		}
		hash = *h
	}
	if _, ok := c.g.nodes[hash]; ok {
		return hash, true
	}
	if _, err := c.h.info(hash); err != nil {
		return plumbing.ZeroHash, false
	}
	return hash, true
}

// reachable returns the targets that the commits from reach. Bit 0 paints
// their history, bit 1+i target i's; a commit that has every bit is below
// all of them and so of no interest, and the walk ends when only such
// commits are queued. A target is reached when it gets bit 0.
func (h *History) reachable(from []plumbing.Hash, targets map[plumbing.Hash][]string, known *graph) (map[plumbing.Hash]bool, error) {
	n := 1 + len(targets)
	starts := newStartSet(n)
	stale := make(bits, starts.words)
	for i := 0; i < n; i++ {
		stale.set(i)
	}
	for _, f := range from {
		starts.mark(f, 0)
	}
	order := make([]plumbing.Hash, 0, len(targets))
	for t := range targets {
		order = append(order, t)
		starts.mark(t, len(order))
	}
	g, err := h.walk(starts, stale, known, false)
	if err != nil {
		return nil, err
	}

	found := map[plumbing.Hash]bool{}
	for _, t := range order {
		if g.nodes[t].bits.has(0) {
			found[t] = true
		}
	}
	return found, nil
}
