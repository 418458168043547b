package lanescan

import (
	"bytes"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// laneMerges returns the lane's merge commits (tip bit, not base bit, two
// parents or more), parents before children.
func (c *collector) laneMerges(l int) []*node {
	var out []*node
	for _, n := range c.g.nodes {
		if len(n.parents) > 1 && n.bits.has(tipBit(l)) && !n.bits.has(baseBit(l)) {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].when != out[j].when {
			return out[i].when < out[j].when
		}
		return out[i].hash.String() < out[j].hash.String()
	})
	return out
}

// evilPaths lists the paths where merge commit n made a change of its own
// (an "evil merge"), sorted; none for a clean merge. Exactly:
//   - only a path whose result differs from every parent's version can hold
//     such a change (a path taken from one side is that side's change);
//   - there, the change is the merge's own when the result has a line that
//     no parent's version has, or lacks a line that every parent's version
//     has (lines compared as content, blank lines ignored), when the file is
//     binary or a submodule, or when its mode is no parent's;
//   - a path the result deletes is the merge's own when every parent has
//     it; a path it adds that no parent has is its own.
//
// A clean merge (git's 3-way merge of different files, or of different
// hunks of one file) takes every line from some parent and drops only
// lines some parent dropped: never reported. A conflict resolved by
// keeping one side's or both sides' lines is not reported either; one
// resolved by writing new lines is.
func (c *collector) evilPaths(n *node) ([]string, error) {
	hashes := make([]plumbing.Hash, len(n.parents))
	for i, p := range n.parents {
		info, err := c.parentInfo(p)
		if err != nil {
			return nil, err
		}
		if info == n.tree {
			return nil, nil // the result is one parent's tree: nothing of its own
		}
		hashes[i] = info
	}
	result, err := c.h.tree(n.tree)
	if err != nil {
		return nil, err
	}
	parents := make([]*object.Tree, len(n.parents))
	for i, h := range hashes {
		if parents[i], err = c.h.tree(h); err != nil {
			return nil, err
		}
	}
	// the paths that differ from the first parent, then of those the ones
	// that differ from every other parent too
	candidates, err := c.h.diffTrees(parents[0], result, nil)
	if err != nil || len(candidates) == 0 {
		return nil, err
	}
	sides := [][]change{candidates}
	for _, p := range parents[1:] {
		paths := map[string]bool{}
		for _, x := range candidates {
			paths[x.path] = true
		}
		d, err := c.h.diffTrees(p, result, newPathFilter(paths))
		if err != nil {
			return nil, err
		}
		candidates = within(candidates, d)
		sides = append(sides, d)
	}
	var out []string
	for _, x := range candidates {
		evil, err := c.ownChange(x.path, sides)
		if err != nil {
			return nil, err
		}
		if evil {
			out = append(out, x.path)
		}
	}
	return out, nil
}

// within keeps the changes of a whose path b changes too.
func within(a, b []change) []change {
	in := make(map[string]bool, len(b))
	for _, y := range b {
		in[y.path] = true
	}
	var out []change
	for _, x := range a {
		if in[x.path] {
			out = append(out, x)
		}
	}
	return out
}

// ownChange decides one path that differs from every parent: sides[i] is
// the change from parent i to the result, which has the path.
func (c *collector) ownChange(path string, sides [][]change) (bool, error) {
	var versions []change // parent i's version is versions[i].old*, the result's .new*
	for _, side := range sides {
		for _, x := range side {
			if x.path == path {
				versions = append(versions, x)
			}
		}
	}
	res := versions[0]
	if res.newMode == 0 { // deleted: its own when every parent has the file
		for _, v := range versions {
			if v.oldMode == 0 {
				return false, nil
			}
		}
		return true, nil
	}
	if !isText(res.newMode) {
		return true, nil
	}
	modeSeen := false
	result, err := c.textBlob(res.newMode, res.newHash)
	if err != nil || result == nil {
		return true, err // binary: no line to take from a side
	}
	parents := make([][]byte, len(versions))
	for i, v := range versions {
		modeSeen = modeSeen || v.oldMode == res.newMode
		if v.oldMode == 0 {
			continue
		}
		if parents[i], err = c.textBlob(v.oldMode, v.oldHash); err != nil || parents[i] == nil {
			return true, err
		}
	}
	return ownLines(result, parents) || !modeSeen, nil
}

// textBlob reads a blob; nil for a binary one (a zero byte in its first
// 8000, as git tells).
func (c *collector) textBlob(mode filemode.FileMode, hash plumbing.Hash) ([]byte, error) {
	data, err := c.h.content(mode, hash)
	if err != nil || bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		return nil, err
	}
	if data == nil {
		data = []byte{} // empty, not binary
	}
	return data, nil
}

// parentInfo is a parent's tree, from the walk when it saw it.
func (c *collector) parentInfo(p plumbing.Hash) (plumbing.Hash, error) {
	if n, ok := c.g.nodes[p]; ok {
		return n.tree, nil
	}
	info, err := c.h.info(p)
	return info.tree, err
}
