package lanescan

import (
	"path"
	"strings"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/patchid"
)

// lineSet is a file change's significant changed lines, once read.
type lineSet struct {
	lines patchid.Lines
	ok    bool // false: binary, a submodule or a mode change only: no lines to compare
}

// relate measures, for each pair, how the hotfix's change relates to the
// other commit's (backport.Relation), into in.Relations. It reads the
// paths both change first, and lines only where paths are shared or moved
// (a path of the hotfix the other lacks, matched to one of the other's
// paths with the same file name that the hotfix lacks).
func (c *collector) relate(in *backport.Input, pairs []backport.Pair) error {
	if len(pairs) > 0 && in.Relations == nil {
		in.Relations = map[backport.Pair]backport.Relation{}
	}
	for _, p := range pairs {
		if _, done := in.Relations[p]; done {
			continue
		}
		a, okA, err := c.commitChanges(p.Hotfix)
		if err != nil {
			return err
		}
		b, okB, err := c.commitChanges(p.Other)
		if err != nil {
			return err
		}
		if !okA || !okB {
			continue // not in the walk: not compared, so not believed
		}
		rel, err := c.relation(a, b, p.Undo)
		if err != nil {
			return err
		}
		in.Relations[p] = rel
	}
	return nil
}

// commitChanges is what the commit sha changed against its first parent,
// read once.
func (c *collector) commitChanges(sha string) ([]change, bool, error) {
	hash := plumbing.NewHash(sha)
	if ch, ok := c.changes[hash]; ok {
		return ch, true, nil
	}
	if ch, ok := c.read[hash]; ok {
		return ch, true, nil
	}
	n, ok := c.g.nodes[hash]
	if !ok {
		return nil, false, nil
	}
	before, after, err := c.trees(n)
	if err != nil {
		return nil, false, err
	}
	ch, err := c.h.diffTrees(before, after, nil)
	if err != nil {
		return nil, false, err
	}
	c.read[hash] = ch
	return ch, true, nil
}

// relation compares change a (the hotfix's) with b (with undo, b
// inverted: a revert's change undoes a's when inverted it equals it).
func (c *collector) relation(a, b []change, undo bool) (backport.Relation, error) {
	var rel backport.Relation
	if undo {
		b = inverted(b)
	}
	byPath := make(map[string]change, len(b))
	byName := map[string][]change{}
	inA := make(map[string]bool, len(a))
	for _, x := range a {
		inA[x.path] = true
	}
	for _, y := range b {
		byPath[y.path] = y
		if !inA[y.path] {
			byName[path.Base(y.path)] = append(byName[path.Base(y.path)], y)
		}
	}
	shared := false
	for _, x := range a {
		_, same := byPath[x.path]
		shared = shared || same || len(byName[path.Base(x.path)]) > 0
	}
	if !shared {
		return rel, nil // no path in common: no line read
	}
	for _, x := range a {
		if err := c.relateFile(&rel, x, byPath, byName); err != nil {
			return rel, err
		}
	}
	return rel, nil
}

// relateFile adds hotfix file change x's part to rel.
func (c *collector) relateFile(rel *backport.Relation, x change, byPath map[string]change, byName map[string][]change) error {
	lx, err := c.lineSet(x)
	if err != nil {
		return err
	}
	rel.Of += len(lx.lines.Removed) + len(lx.lines.Added)
	if y, ok := byPath[x.path]; ok {
		n := len(lx.lines.Removed) + len(lx.lines.Added)
		switch {
		case x == y && n > 0: // the same change: every line shared
			rel.Lines += n
			return nil
		case x == y || !lx.ok: // lines cannot tell: the shared path relates
			rel.Paths = append(rel.Paths, x.path)
			return nil
		}
		ly, err := c.lineSet(y)
		if err != nil {
			return err
		}
		if !ly.ok {
			rel.Paths = append(rel.Paths, x.path)
			return nil
		}
		rel.Lines += sharedLines(lx.lines, ly.lines)
		return nil
	}
	if !lx.ok {
		return nil
	}
	best, bestPath := 0, ""
	for _, y := range byName[path.Base(x.path)] {
		ly, err := c.lineSet(y)
		if err != nil {
			return err
		}
		if n := sharedLines(lx.lines, ly.lines); ly.ok && n > best {
			best, bestPath = n, y.path
		}
	}
	if best > 0 {
		rel.Lines += best
		rel.Moves = append(rel.Moves, x.path+" → "+bestPath)
	}
	return nil
}

// lineSet reads a file change's significant changed lines, once.
func (c *collector) lineSet(x change) (lineSet, error) {
	if s, ok := c.lines[x]; ok {
		return s, nil
	}
	var s lineSet
	if isText(x.oldMode) && isText(x.newMode) && x.oldHash != x.newHash {
		f, err := c.h.file(x)
		if err != nil {
			return s, err
		}
		s.lines, s.ok = patchid.ChangedLines(f.Old, f.New)
		s.lines.Removed = significant(s.lines.Removed)
		s.lines.Added = significant(s.lines.Added)
	}
	c.lines[x] = s
	return s, nil
}

// isText says whether a side of a change can hold lines: a file or a
// symlink, or no file (an added or deleted path).
func isText(m filemode.FileMode) bool { return m != filemode.Submodule }

// inverted is a change undone: old and new sides swapped.
func inverted(ch []change) []change {
	out := make([]change, len(ch))
	for i, x := range ch {
		out[i] = change{path: x.path, oldMode: x.newMode, newMode: x.oldMode, oldHash: x.newHash, newHash: x.oldHash}
	}
	return out
}

// significant keeps the lines that can tell two changes apart: with two
// letters or digits or more. A lone brace, a blank line, "i++" appear in
// every change.
func significant(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		n := 0
		for _, r := range l {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if n++; n >= 2 {
					break
				}
			}
		}
		if n >= 2 {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// sharedLines counts the lines both changes remove and both add, as
// multisets (a line twice in each counts twice).
func sharedLines(a, b patchid.Lines) int {
	return common(a.Removed, b.Removed) + common(a.Added, b.Added)
}

func common(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	count := make(map[string]int, len(a))
	for _, l := range a {
		count[l]++
	}
	n := 0
	for _, l := range b {
		if count[l] > 0 {
			count[l]--
			n++
		}
	}
	return n
}
