package lanescan

import "github.com/go-git/go-git/v5/plumbing"

// Reachable says which of targets the commits from contain (a target is
// one of them or their ancestor), in one walk that ends where their
// histories meet, not at the root: what "an earlier release had this
// hotfix commit" asks of many releases and commits at once.
func (h *History) Reachable(from, targets []string) (map[string]bool, error) {
	starts := make([]plumbing.Hash, len(from))
	for i, f := range from {
		starts[i] = plumbing.NewHash(f)
	}
	want := make(map[plumbing.Hash][]string, len(targets))
	for _, t := range targets {
		want[plumbing.NewHash(t)] = append(want[plumbing.NewHash(t)], t)
	}
	found, err := h.reachable(starts, want, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(targets))
	for hash, names := range want {
		for _, n := range names {
			out[n] = found[hash]
		}
	}
	return out, nil
}
