package history

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// commitInfo is what the walks need of a commit.
type commitInfo struct {
	parents []plumbing.Hash
	tree    plumbing.Hash
	when    int64 // committer time, Unix seconds
}

// info reads a commit's parents, tree and date: from the commit-graph when
// it has the commit (no object is inflated), else from the commit object.
func (h *History) info(hash plumbing.Hash) (commitInfo, error) {
	if h.graph != nil {
		if i, err := h.graph.GetIndexByHash(hash); err == nil {
			if d, err := h.graph.GetCommitDataByIndex(i); err == nil {
				return commitInfo{parents: d.ParentHashes, tree: d.TreeHash, when: d.When.Unix()}, nil
			}
		}
	}
	c, err := object.GetCommit(h.repo.Storer, hash)
	if err != nil {
		return commitInfo{}, fmt.Errorf("read commit %s: %w", hash, err)
	}
	return commitInfo{parents: c.ParentHashes, tree: c.TreeHash, when: c.Committer.When.Unix()}, nil
}

// commit reads a whole commit, message included, for the commits the
// analysis reports or reads trailers from.
func (h *History) commit(hash plumbing.Hash) (*object.Commit, error) {
	c, err := object.GetCommit(h.repo.Storer, hash)
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", hash, err)
	}
	return c, nil
}

// trees returns the trees of n's first parent (nil for a root commit) and
// of n.
func (c *collector) trees(n *node) (before, after *object.Tree, err error) {
	if len(n.parents) > 0 {
		tree := plumbing.ZeroHash
		if p, ok := c.g.nodes[n.parents[0]]; ok {
			tree = p.tree
		} else {
			info, err := c.h.info(n.parents[0])
			if err != nil {
				return nil, nil, err
			}
			tree = info.tree
		}
		if before, err = c.h.tree(tree); err != nil {
			return nil, nil, err
		}
	}
	after, err = c.h.tree(n.tree)
	return before, after, err
}
