package lanescan

import (
	"path"
	"strings"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/hotlane/hotlane/internal/check/patchid"
	"github.com/hotlane/hotlane/internal/check/verdict"
)

// lineSet is a file change's significant changed lines, once read.
type lineSet struct {
	lines patchid.Lines
	ok    bool // false: binary, a submodule or a mode change only: no lines to compare
}

// relate measures, for each pair, how the hotfix's change relates to the
// other commit's (verdict.Relation), into in.Relations. Paths first: the
// other commit's tree is diffed only inside the hotfix's paths, and
// wholly only when some hotfix path is not among its changes (a path that
// may have moved); lines are read only for the paths both change.
func (c *collector) relate(in *verdict.Input, pairs []verdict.Pair) error {
	if len(pairs) > 0 && in.Relations == nil {
		in.Relations = map[verdict.Pair]verdict.Relation{}
	}
	var todo []pairSides
	for _, p := range pairs {
		if _, done := in.Relations[p]; done {
			continue
		}
		ps, err := c.sides(p)
		if err != nil {
			return err
		}
		todo = append(todo, ps)
	}
	likely, err := c.likelyLines(todo)
	if err != nil {
		return err
	}
	c.prefetchLines(likely)
	for _, ps := range todo {
		if _, done := in.Relations[ps.pair]; done || !ps.ok {
			continue // else not in the walk: not compared, so not believed
		}
		rel, err := c.relation(ps)
		if err != nil {
			return err
		}
		in.Relations[ps.pair] = rel
	}
	return nil
}

// pairSides is a pair's two changes: the hotfix's, and the other's inside
// the hotfix's paths (undone for an Undo pair). ok is false when a
// commit was not walked.
type pairSides struct {
	pair verdict.Pair
	a, b []change
	ok   bool
}

// sides reads a pair's two changes.
func (c *collector) sides(p verdict.Pair) (pairSides, error) {
	ps := pairSides{pair: p}
	a, ok, err := c.commitChanges(p.Hotfix)
	if err != nil || !ok {
		return ps, err
	}
	paths := make(map[string]bool, len(a))
	for _, x := range a {
		paths[x.path] = true
	}
	b, ok, err := c.otherChanges(p.Other, newPathFilter(paths))
	if err != nil || !ok {
		return ps, err
	}
	if p.Undo {
		b = inverted(b)
	}
	ps.a, ps.b, ps.ok = a, b, true
	return ps, nil
}

// likelyLines lists the file changes whose lines relation will most
// likely read for the pairs: of each path both sides change, the two
// changes, up to the first such path for a pair that one shared line
// answers (not Full); and where no such path answers, the hotfix's
// changes of paths the other does not change with the other's changes
// relateMoved compares them with. The rest relation reads as it goes.
func (c *collector) likelyLines(todo []pairSides) ([]change, error) {
	var out changeList
	for _, ps := range todo {
		if !ps.ok {
			continue
		}
		byPath := make(map[string]change, len(ps.b))
		for _, y := range ps.b {
			byPath[y.path] = y
		}
		var moved []change
		answered := false
		for _, x := range ps.a {
			y, same := byPath[x.path]
			if !same {
				moved = append(moved, x)
				continue
			}
			if answered {
				continue
			}
			if !ps.pair.Full && sameResult(x, y) {
				answered = true // without lines
				continue
			}
			out.add(x, y)
			answered = !ps.pair.Full
		}
		if answered || len(moved) == 0 || len(ps.a) > maxMovedFiles {
			continue
		}
		targets, ok, err := c.readMoveTargets(ps.pair)
		if err != nil || !ok {
			return nil, err
		}
		for _, x := range moved {
			out.add(x)
			cands, _, ok := targets.of(x)
			if !ok {
				continue
			}
			for _, y := range cands {
				if y.path != x.path {
					out.add(y)
				}
			}
		}
	}
	return out.list, nil
}

// relation measures one pair, whose sides were read.
func (c *collector) relation(ps pairSides) (verdict.Relation, error) {
	p, a, b := ps.pair, ps.a, ps.b
	rel := verdict.Relation{Files: len(a)}
	byPath := make(map[string]change, len(b))
	for _, y := range b {
		byPath[y.path] = y
	}
	var moved []change // hotfix paths the other does not change
	for _, x := range a {
		if y, same := byPath[x.path]; same {
			rel.Shared++
			if !p.Full && sameResult(x, y) {
				// the other has the hotfix's version of the file: no line
				// need be read
				rel.Partial, rel.Where = true, x.path
				rel.Paths = append(rel.Paths, x.path)
				return rel, nil
			}
			if err := c.relateFile(&rel, x, y); err != nil {
				return rel, err
			}
			if !p.Full && (rel.Lines > 0 || len(rel.Paths) > 0) {
				// a trailer needs one shared line: the first file that has
				// one is enough
				rel.Partial, rel.Where = true, x.path
				return rel, nil
			}
		} else {
			moved = append(moved, x)
		}
	}
	if len(moved) > 0 && len(a) <= maxMovedFiles {
		if err := c.relateMoved(&rel, moved, p); err != nil {
			return rel, err
		}
	}
	return rel, nil
}

// sameResult says that two changes of a path that the hotfix x changes
// leave the file with the same content and mode.
func sameResult(x, y change) bool {
	return x.newHash == y.newHash && x.newMode == y.newMode && x.oldHash != x.newHash
}

// maxMovedFiles bounds the hotfixes whose moved paths are looked for: a
// vendor bump of thousands of files is compared where paths are equal.
const maxMovedFiles = 64

// moveTargets is the other commit's whole change, where relateMoved
// looks for the paths a hotfix's files moved to.
type moveTargets struct {
	all      []change
	bySuffix map[string][]change // by tail
}

// readMoveTargets reads the whole change of p's other commit (undone for an
// Undo pair); ok is false when it was not walked.
func (c *collector) readMoveTargets(p verdict.Pair) (moveTargets, bool, error) {
	b, ok, err := c.commitChanges(p.Other)
	if err != nil || !ok {
		return moveTargets{}, false, err
	}
	if p.Undo {
		b = inverted(b)
	}
	t := moveTargets{all: b, bySuffix: map[string][]change{}}
	for _, y := range b {
		t.bySuffix[tail(y.path)] = append(t.bySuffix[tail(y.path)], y)
	}
	return t, true, nil
}

// of lists where the hotfix's change x may have moved: the one change
// whose path ends in the same directory and file name, when exactly one
// does; else (renamed) every change of a change of a few files. ok is
// false when there is none to look at.
func (t moveTargets) of(x change) (cands []change, renamed, ok bool) {
	if cands := t.bySuffix[tail(x.path)]; len(cands) == 1 {
		return cands, false, true
	}
	if len(t.all) > maxMovedFiles {
		return nil, false, false
	}
	return t.all, true, true
}

// relateFile adds to rel the relation of hotfix file change x to the
// other commit's change y of the same path.
func (c *collector) relateFile(rel *verdict.Relation, x, y change) error {
	lx, err := c.lineSet(x)
	if err != nil {
		return err
	}
	n := len(lx.lines.Removed) + len(lx.lines.Added)
	rel.Of += n
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

// relateMoved adds the hotfix paths the other commit changes elsewhere
// (paths that moved or were renamed): the path of the other's whole change
// that the hotfix lacks and that ends in the same directory and file name
// (mvcc/kvstore.go and server/storage/mvcc/kvstore.go), when exactly one
// does; else, in a change of a few files, its path that shares the most
// changed lines, at least two or all of the hotfix file's
// (gc/scheduler/scheduler.go and plugins/gc/scheduler.go, docs/api/v1.48.yaml
// and api/docs/v1.48.yaml).
func (c *collector) relateMoved(rel *verdict.Relation, moved []change, p verdict.Pair) error {
	targets, ok, err := c.readMoveTargets(p)
	if err != nil || !ok {
		return err
	}
	for _, x := range moved {
		lx, err := c.lineSet(x)
		if err != nil || !lx.ok {
			return err
		}
		cands, renamed, ok := targets.of(x)
		if !ok {
			continue
		}
		least := 1
		if renamed {
			// a renamed path: two shared lines, or every line of a smaller change
			least = min(2, len(lx.lines.Removed)+len(lx.lines.Added))
		}
		best, to := 0, ""
		for _, y := range cands {
			if y.path == x.path {
				continue
			}
			ly, err := c.lineSet(y)
			if err != nil {
				return err
			}
			if n := sharedLines(lx.lines, ly.lines); ly.ok && n > best {
				best, to = n, y.path
			}
		}
		if best >= least && best > 0 {
			rel.Shared++
			rel.Of += len(lx.lines.Removed) + len(lx.lines.Added)
			rel.Lines += best
			rel.Moves = append(rel.Moves, x.path+" → "+to)
		}
	}
	return nil
}

// tail is a path's directory and file name: what a moved path keeps.
func tail(p string) string {
	dir, base := path.Split(p)
	return path.Base(dir) + "/" + base
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
	ch, ok, err := c.otherChanges(sha, nil)
	if err == nil && ok {
		c.read[hash] = ch
	}
	return ch, ok, err
}

// otherChanges is what the commit sha changed inside filter (nil: all).
func (c *collector) otherChanges(sha string, filter *pathFilter) ([]change, bool, error) {
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
	ch, err := c.h.diffTrees(before, after, filter)
	return ch, err == nil, err
}

// lineSet reads a file change's significant changed lines, once.
func (c *collector) lineSet(x change) (lineSet, error) {
	if s, ok := c.lines[x]; ok {
		return s, nil
	}
	var s lineSet
	if hasLines(x) {
		f, err := c.h.fileOnce(x)
		if err != nil {
			return s, err
		}
		s = linesOf(f.Old, f.New)
	}
	c.lines[x] = s
	return s, nil
}

// hasLines says whether a change's line set is read from its versions
// (else it has none: a submodule, or no change of content).
func hasLines(x change) bool {
	return isText(x.oldMode) && isText(x.newMode) && x.oldHash != x.newHash
}

// linesOf is the line set of a file's change from its two versions.
func linesOf(old, new []byte) lineSet {
	var s lineSet
	s.lines, s.ok = patchid.ChangedLines(old, new)
	s.lines.Removed = significant(s.lines.Removed)
	s.lines.Added = significant(s.lines.Added)
	return s
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
			out = append(out, strings.TrimSpace(l)) // ChangedLines's lines are copies, not slices of the file
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
