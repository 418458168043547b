package lanescan

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/check/patchid"
	"github.com/hotlane/hotlane/internal/check/pins"
	"github.com/hotlane/hotlane/internal/check/verdict"
)

// identities reads, for the open hotfix commits, what their change is
// when it is only pin moves (verdict.Commit.Pins, with the candidate's
// versions) or only the release's own identity (verdict.Commit.Release).
// Only commits whose every path is of such a kind are read.
func (c *collector) identities(in *verdict.Input) error {
	cand, err := c.candidateTree(in)
	if err != nil {
		return err
	}
	need := verdict.NeedIdentity(*in)
	for li := range in.Lanes {
		var lines map[string]bool // the lane's release lines, read when first needed
		for k := range in.Lanes[li].Commits {
			hc := &in.Lanes[li].Commits[k]
			if !need[li][k] || hc.Paths == nil || hc.Merge || hc.Empty {
				continue
			}
			if lines == nil {
				lines = c.releaseLines(in, li)
			}
			ch := c.changes[plumbing.NewHash(hc.SHA)]
			if hc.Pins, err = c.pinMoves(ch, cand); err != nil {
				return err
			}
			if hc.Pins == nil {
				if hc.Release, err = c.releaseIdentity(ch, cand, lines); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// candidateTree is the candidate's tree, as go-git reads it: its paths
// are looked up (FindEntry), which the walk's trees do not answer.
func (c *collector) candidateTree(in *verdict.Input) (*object.Tree, error) {
	n, ok := c.g.nodes[plumbing.NewHash(in.Candidate)]
	if !ok {
		return nil, fmt.Errorf("the candidate %s was not walked", in.Candidate)
	}
	t, err := object.GetTree(c.h.repo.Storer, n.tree)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", n.tree, err)
	}
	return t, nil
}

// candidateFile reads a path of the candidate's tree; nil when it has none.
func (c *collector) candidateFile(tree *object.Tree, p string) ([]byte, error) {
	e, err := tree.FindEntry(p)
	if err != nil || !e.Mode.IsFile() {
		return nil, nil
	}
	return c.h.content(e.Mode, e.Hash)
}

// pinRead is a file's pins and skeleton, as pins.Read gives them.
type pinRead struct {
	pins     pins.Pins
	skeleton string
	ok       bool
}

// pinsOf reads the pins of blob h as a file of kind k, once: consecutive
// hotfixes that bump go.mod share versions of it, and the candidate's is
// asked for by every one of them.
func (c *collector) pinsOf(k pins.Kind, h plumbing.Hash) (pinRead, error) {
	key := pinKey{k, h}
	if r, ok := c.pinReads[key]; ok {
		return r, nil
	}
	data, err := c.h.content(filemode.Regular, h)
	if err != nil {
		return pinRead{}, err
	}
	var r pinRead
	r.pins, r.skeleton, r.ok = pins.Read(k, data)
	c.pinReads[key] = r
	return r, nil
}

type pinKey struct {
	kind pins.Kind
	hash plumbing.Hash
}

// pinMoves returns the pins a change moves, each with the candidate's
// version, when moving pins is all it does; nil otherwise. go.sum and
// vendor/ count only beside a go.mod of the same change.
func (c *collector) pinMoves(ch []change, cand *object.Tree) ([]verdict.PinMove, error) {
	hasGoMod := false
	for _, x := range ch {
		switch pins.KindOf(x.path) {
		case pins.None:
			return nil, nil
		case pins.GoMod:
			hasGoMod = true
		}
	}
	var moves []verdict.PinMove
	for _, x := range ch {
		k := pins.KindOf(x.path)
		if k == pins.Follower {
			if !hasGoMod {
				return nil, nil
			}
			continue
		}
		m, ok, err := c.pinMovesOf(x, k, cand)
		if err != nil || !ok {
			return nil, err
		}
		moves = append(moves, m...)
	}
	return moves, nil
}

// pinMovesOf reads one file's pin moves; ok is false when the file changes
// anything but pins, or drops one.
func (c *collector) pinMovesOf(x change, k pins.Kind, cand *object.Tree) ([]verdict.PinMove, bool, error) {
	if x.oldMode == 0 || x.newMode == 0 || !x.oldMode.IsFile() || !x.newMode.IsFile() {
		return nil, false, nil
	}
	oldRead, err := c.pinsOf(k, x.oldHash)
	if err != nil {
		return nil, false, err
	}
	newRead, err := c.pinsOf(k, x.newHash)
	if err != nil {
		return nil, false, err
	}
	oldPins, newPins := oldRead.pins, newRead.pins
	if !oldRead.ok || !newRead.ok || oldRead.skeleton != newRead.skeleton {
		return nil, false, nil
	}
	var mainPins pins.Pins
	if e, err := cand.FindEntry(x.path); err == nil && e.Mode.IsFile() {
		mainRead, err := c.pinsOf(k, e.Hash)
		if err != nil {
			return nil, false, err
		}
		mainPins = mainRead.pins
	}
	var out []verdict.PinMove
	for _, name := range sortedKeys(newPins) {
		if oldPins[name] == newPins[name] {
			continue
		}
		have := mainPins[name]
		out = append(out, verdict.PinMove{Path: x.path, Name: name, Lane: newPins[name], Main: have,
			Satisfied: pins.Satisfies(k, name, have, newPins[name])})
	}
	for name := range oldPins {
		if _, kept := newPins[name]; !kept {
			return nil, false, nil
		}
	}
	return out, len(out) > 0, nil
}

func sortedKeys(m pins.Pins) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// versionRE finds version strings: 1.7.25, v2.2.2, 2.1.0-rc.1.
var versionRE = regexp.MustCompile(`\bv?(\d+)\.(\d+)\.\d+(?:-[0-9A-Za-z.]+)?\b`)

// releaseLines are the release lines (major.minor) a lane's own version
// bumps name: a version file whose version moved within one line
// (1.7.24 → 1.7.25) says the lane is 1.7.
func (c *collector) releaseLines(in *verdict.Input, li int) map[string]bool {
	out := map[string]bool{}
	for _, hc := range in.Lanes[li].Commits {
		for _, x := range c.changes[plumbing.NewHash(hc.SHA)] {
			if !isVersionFile(x.path) {
				continue
			}
			if ls, err := c.lineSet(x); err == nil && ls.ok {
				if line, ok := bumpLine(ls.lines); ok {
					out[line] = true
				}
			}
		}
	}
	return out
}

// isVersionFile: a file whose name says it holds the version (version.go,
// VERSION, version.txt), not a pin file.
func isVersionFile(p string) bool {
	base := strings.ToLower(strings.TrimSuffix(path.Base(p), path.Ext(p)))
	return strings.Contains(base, "version") && pins.KindOf(p) == pins.None
}

// bumpLine reads a version bump: the changed lines are pairs that differ
// only in a version string, each moving within one release line; it
// returns that line ("1.7").
func bumpLine(l patchid.Lines) (string, bool) {
	if len(l.Removed) != len(l.Added) || len(l.Added) == 0 {
		return "", false
	}
	line := ""
	for i := range l.Added {
		a, r := l.Added[i], l.Removed[i]
		ma, mr := versionRE.FindStringSubmatch(a), versionRE.FindStringSubmatch(r)
		if ma == nil || mr == nil || versionRE.ReplaceAllString(a, "<v>") != versionRE.ReplaceAllString(r, "<v>") {
			return "", false
		}
		this := ma[1] + "." + ma[2]
		if mr[1]+"."+mr[2] != this || (line != "" && line != this) {
			return "", false
		}
		line = this
	}
	return line, true
}

// releaseIdentity says why each path of a change is the release's own
// identity, when every one is; nil otherwise. What qualifies, exactly:
//   - a version file (isVersionFile) whose changed lines differ only in a
//     version string moving within the lane's release line, to a version
//     the candidate's file does not hold;
//   - release notes: a text file under releases/, release-notes/,
//     changelog(s)/ or named CHANGELOG*, RELEASE*NOTES*, NEWS*, whose path
//     or added lines name a version of the lane's release line, and which
//     removes nothing;
//   - .mailmap additions, beside one of those (release notes credit their
//     authors through it).
//
// Code never qualifies: a version file with any other change does not.
func (c *collector) releaseIdentity(ch []change, cand *object.Tree, lines map[string]bool) ([]string, error) {
	var out []string
	identity, mailmap := false, false
	for _, x := range ch {
		why, err := c.releasePath(x, cand, lines)
		if err != nil || why == "" {
			return nil, err
		}
		if why == mailmapWhy {
			mailmap = true
			continue
		}
		identity = true
		out = append(out, why)
	}
	if !identity {
		return nil, nil
	}
	if mailmap {
		out = append(out, ".mailmap: "+mailmapWhy)
	}
	return out, nil
}

const mailmapWhy = "authors added for the release notes"

// releasePath says why one changed path is the release's own; "" when it
// is not.
func (c *collector) releasePath(x change, cand *object.Tree, lines map[string]bool) (string, error) {
	if !x.newMode.IsFile() || (x.oldMode != 0 && !x.oldMode.IsFile()) {
		return "", nil
	}
	ls, err := c.lineSet(x)
	if err != nil || !ls.ok {
		return "", err
	}
	switch {
	case path.Base(x.path) == ".mailmap":
		if len(ls.lines.Removed) == 0 && len(ls.lines.Added) > 0 {
			return mailmapWhy, nil
		}
	case isVersionFile(x.path):
		line, ok := bumpLine(ls.lines)
		if !ok || !lines[line] {
			return "", nil
		}
		v := versionRE.FindString(ls.lines.Added[0])
		data, err := c.candidateFile(cand, x.path)
		if err != nil || strings.Contains(string(data), v) {
			return "", err
		}
		mainV := versionRE.FindString(string(data))
		if mainV == "" {
			mainV = "none"
		}
		return fmt.Sprintf("%s: the version of the release line %s, %s (main: %s)", x.path, line, v, mainV), nil
	case isReleaseNotes(x.path) && len(ls.lines.Removed) == 0:
		for _, s := range append([]string{x.path}, ls.lines.Added...) {
			for _, m := range versionRE.FindAllStringSubmatch(s, -1) {
				if lines[m[1]+"."+m[2]] {
					return fmt.Sprintf("%s: release notes of %s", x.path, m[0]), nil
				}
			}
		}
	}
	return "", nil
}

// isReleaseNotes: a text file of release notes, by where it lies or its
// name.
func isReleaseNotes(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".toml", ".txt", ".rst", ".adoc", ".yaml", ".yml", "":
	default:
		return false
	}
	for _, dir := range strings.Split(strings.ToLower(path.Dir(p)), "/") {
		switch dir {
		case "releases", "release-notes", "releasenotes", "changelog", "changelogs":
			return true
		}
	}
	base := strings.ToUpper(path.Base(p))
	return strings.HasPrefix(base, "CHANGELOG") || strings.HasPrefix(base, "NEWS") ||
		strings.HasPrefix(base, "RELEASE_NOTES") || strings.HasPrefix(base, "RELEASE-NOTES") || strings.HasPrefix(base, "RELEASENOTES")
}
