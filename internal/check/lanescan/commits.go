package lanescan

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// commitInfo is what the walks need of a commit, and with a message what
// the analysis reads of it.
type commitInfo struct {
	parents []plumbing.Hash
	tree    plumbing.Hash
	when    int64 // committer time, Unix seconds
	// text is set when the commit object was read for the rest
	text *commitText
}

// commitText is what the analysis reports of a commit and reads trailers
// from.
type commitText struct {
	author, message string
}

// info reads a commit's parents, tree and date: from the commit-graph when
// it has the commit (no object is inflated), else from the commit object,
// and then with its author and message too.
func (h *History) info(hash plumbing.Hash) (commitInfo, error) {
	if h.graph != nil {
		if i, err := h.graph.GetIndexByHash(hash); err == nil {
			if d, err := h.graph.GetCommitDataByIndex(i); err == nil {
				return commitInfo{parents: d.ParentHashes, tree: d.TreeHash, when: d.When.Unix()}, nil
			}
		}
	}
	return h.readCommit(hash)
}

// readCommit reads and parses a commit object. It reads only what hotlane
// uses: go-git's decoder also splits signatures and hashes the object
// again, which was most of the cost of walking signed histories.
func (h *History) readCommit(hash plumbing.Hash) (commitInfo, error) {
	// parseCommit copies what it keeps: the object is read into a reused
	// buffer, not kept
	data, err := h.object(plumbing.CommitObject, hash, &h.buf)
	if err != nil {
		return commitInfo{}, fmt.Errorf("read commit %s: %w", hash, err)
	}
	info, err := parseCommit(data)
	if err != nil {
		return commitInfo{}, fmt.Errorf("read commit %s: %w", hash, err)
	}
	return info, nil
}

// parseCommit reads a commit object's headers (continuation lines, as in
// signatures, skipped) and its message.
func parseCommit(data []byte) (commitInfo, error) {
	var info commitInfo
	text := &commitText{}
	seenTree := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 {
			text.message = string(data)
			break
		}
		key, value, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			if !decodeHash(&info.tree, value) {
				return info, fmt.Errorf("malformed tree header %q", value)
			}
			seenTree = true
		case "parent":
			var p plumbing.Hash
			if !decodeHash(&p, value) {
				return info, fmt.Errorf("malformed parent header %q", value)
			}
			info.parents = append(info.parents, p)
		case "author":
			if open := bytes.IndexByte(value, '<'); open >= 0 {
				text.author = string(bytes.TrimSpace(value[:open]))
			}
		case "committer":
			if _, rest, ok := bytes.Cut(value, []byte("> ")); ok {
				ts, _, _ := bytes.Cut(rest, []byte{' '})
				info.when, _ = strconv.ParseInt(string(ts), 10, 64)
			}
		}
	}
	if !seenTree {
		return info, fmt.Errorf("no tree header")
	}
	info.text = text
	return info, nil
}

// decodeHash reads a 40-digit hex object name (plumbing.IsHash and
// NewHash without a string of it).
func decodeHash(h *plumbing.Hash, hexName []byte) bool {
	if len(hexName) != 2*len(h) {
		return false
	}
	_, err := hex.Decode(h[:], hexName)
	return err == nil
}

// text is a commit's author and message.
func (h *History) text(hash plumbing.Hash) (*commitText, error) {
	info, err := h.readCommit(hash)
	if err != nil {
		return nil, err
	}
	return info.text, nil
}

// trees returns the trees of n's first parent (nil for a root commit) and
// of n.
func (c *collector) trees(n *node) (before, after *object.Tree, err error) {
	if len(n.parents) > 0 {
		var tree plumbing.Hash
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
