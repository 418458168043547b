package lanescan

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// resolvePicks finds out whether the commits that hotfix trailers name are
// in the candidate. Most are answered by the walk's paint; the rest (picks
// of commits older than every base, or of commits on other branches) by
// one more walk that paints down from the candidate and from all of them
// at once, like git merge-base --is-ancestor for many commits: it ends
// where their histories meet, not at the root.
func (c *collector) resolvePicks(in *verdict.Input) error {
	targets := map[plumbing.Hash][]string{} // commit → the refs that name it
	for _, lane := range in.Lanes {
		for _, hc := range lane.Commits {
			for _, ref := range verdict.PickedFrom(hc.Message) {
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
					if !in.InCandidate[ref] {
						if err := c.pickedVia(in, hash, ref); err != nil {
							return err
						}
					}
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
	for hash, refs := range targets {
		for _, ref := range refs {
			in.InCandidate[ref] = found[hash]
			if !found[hash] {
				if err := c.pickedVia(in, hash, ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pickedVia records what a commit a hotfix was picked from, which the
// candidate lacks (a PR's head before it was squashed, a commit of another
// release branch), says it was picked from in turn: the main line may have
// that one.
func (c *collector) pickedVia(in *verdict.Input, hash plumbing.Hash, ref string) error {
	text, err := c.h.text(hash)
	if err != nil {
		return err
	}
	if via := verdict.PickedFrom(text.message); len(via) > 0 {
		if in.PickedVia == nil {
			in.PickedVia = map[string][]string{}
		}
		in.PickedVia[ref] = via
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
