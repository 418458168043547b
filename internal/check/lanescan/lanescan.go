// Package lanescan owns reading what the backport gate needs out of the
// clone, with go-git: the lanes (branches matching the branch template)
// and their bases (release tags); one walk of the history that serves
// every lane; the changes of the hotfix commits that trailers and
// ancestry leave open and of the main-line commits that could match them;
// and which of those are the same change (compared by header-only ids,
// then file by file through patch-id parts), single commits and squash
// windows alike. It hands the result to the pure analysis in package
// backport.
package lanescan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	commitgraphfmt "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/hotlane/hotlane/internal/naming"
)

// History reads a clone.
type History struct {
	repo    *git.Repository
	shallow map[plumbing.Hash]bool
	// graph is the clone's commit-graph, if it has one: the walks read
	// parents, trees and dates from it without inflating a commit object.
	graph   commitgraphfmt.Index
	trees   map[plumbing.Hash]*object.Tree // recently decoded trees
	buf     []byte                         // the commit object being parsed
	treeBuf []byte                         // the tree object being decoded
	// paths interns the paths of changes (join); pathBuf builds them
	paths   map[string]string
	pathBuf []byte
	scratch []byte // a path looked up, not kept
	// sides holds the two versions of a file that fileOnce read (old,
	// new), for the next to reuse
	sides [2][]byte
	// exhaustive computes every patch-id instead of only those whose
	// header-only ids collide; the property test compares the two.
	exhaustive bool
	// strict: the analysis will not accept adapted copies (SetStrict)
	strict bool
	// progress hears how far the reading has come; Counts says it after.
	progress Progress
	counts   Counts
	// minReadAhead is the fewest file changes worth reading on other
	// goroutines (prefetch); readAhead counts those read there
	minReadAhead, readAhead int
}

// Progress hears how far the reading has come, every so many items of a
// phase (never for each: it is on the gate's hot path).
type Progress interface {
	Count(phase string, n int)
}

// Counts are how much the reading did.
type Counts struct {
	Walked int // commits walked
	Diffed int // file changes read for patch-ids
}

// Phases of Progress.
const (
	PhaseWalk = "commits walked"
	PhaseDiff = "file changes diffed for patch-ids"
)

// SetProgress tells p how far the reading has come.
func (h *History) SetProgress(p Progress) { h.progress = p }

// Counts says how much the reading did.
func (h *History) Counts() Counts { return h.counts }

// walked counts one commit walked.
func (h *History) walked() {
	h.counts.Walked++
	if h.progress != nil && h.counts.Walked%4096 == 0 {
		h.progress.Count(PhaseWalk, h.counts.Walked)
	}
}

// diffed counts one file change read.
func (h *History) diffed() {
	h.counts.Diffed++
	if h.progress != nil && h.counts.Diffed%256 == 0 {
		h.progress.Count(PhaseDiff, h.counts.Diffed)
	}
}

// New reads the clone's shallow boundary, if any, and its commit-graph.
// A shallow clone's commit-graph is not used: it would name parents the
// clone does not have (git ignores it there too).
func New(repo *git.Repository) (*History, error) {
	h := &History{repo: repo, shallow: map[plumbing.Hash]bool{}, trees: map[plumbing.Hash]*object.Tree{},
		paths: map[string]string{}, minReadAhead: minPrefetch}
	sh, err := repo.Storer.Shallow()
	if err != nil {
		return nil, fmt.Errorf("read the shallow list: %w", err)
	}
	for _, c := range sh {
		h.shallow[c] = true
	}
	if fs, ok := repo.Storer.(interface{ Filesystem() billy.Filesystem }); ok && len(sh) == 0 {
		if idx, err := commitgraphfmt.OpenChainOrFileIndex(fs.Filesystem()); err == nil {
			h.graph = idx
		}
	}
	return h, nil
}

// SetStrict says the analysis will not accept adapted copies (--strict):
// what an adapted hotfix's change is (superseded, release-only) is then
// read too, for the report to say why it is not accepted.
func (h *History) SetStrict(strict bool) { h.strict = strict }

// Close releases the commit-graph file.
func (h *History) Close() error {
	if h != nil && h.graph != nil {
		return h.graph.Close()
	}
	return nil
}

// Shallow says whether the clone is shallow.
func (h *History) Shallow() bool { return len(h.shallow) > 0 }

// LaneSpec is a lane found in the clone.
type LaneSpec struct {
	Name    string
	Build   string
	Tips    []plumbing.Hash // the local branch and the remote-tracking one, when both exist
	BaseTag string
	Base    plumbing.Hash // zero when the tag is missing
}

// Discover finds the lanes: local branches and remote-tracking branches of
// remote that match the branch template, with the release tag of the same
// build as their base.
func (h *History) Discover(remote string, branches, tags naming.Template, env string) ([]LaneSpec, error) {
	byName := map[string]*LaneSpec{}
	refs, err := h.repo.References()
	if err != nil {
		return nil, fmt.Errorf("list refs: %w", err)
	}
	remotePrefix := "refs/remotes/" + remote + "/"
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			return nil
		}
		name := ref.Name().String()
		var short string
		switch {
		case strings.HasPrefix(name, "refs/heads/"):
			short = strings.TrimPrefix(name, "refs/heads/")
		case strings.HasPrefix(name, remotePrefix):
			short = strings.TrimPrefix(name, remotePrefix)
		default:
			return nil
		}
		build, ok := branches.Match(short, env)
		if !ok {
			return nil
		}
		spec := byName[short]
		if spec == nil {
			spec = &LaneSpec{Name: short, Build: build}
			byName[short] = spec
		}
		for _, t := range spec.Tips {
			if t == ref.Hash() {
				return nil
			}
		}
		spec.Tips = append(spec.Tips, ref.Hash())
		return nil
	})
	if err != nil && err != storer.ErrStop {
		return nil, err
	}
	var lanes []LaneSpec
	for _, spec := range byName {
		spec.BaseTag = tags.Render(naming.Vars{Build: spec.Build, Env: env})
		if c, err := h.peelTag(spec.BaseTag); err == nil {
			spec.Base = c
		}
		lanes = append(lanes, *spec)
	}
	sort.Slice(lanes, func(i, j int) bool {
		if c := naming.CompareBuilds(lanes[i].Build, lanes[j].Build); c != 0 {
			return c < 0
		}
		return lanes[i].Name < lanes[j].Name
	})
	return lanes, nil
}

// peelTag returns the commit a local tag points at.
func (h *History) peelTag(name string) (plumbing.Hash, error) {
	ref, err := h.repo.Reference(plumbing.NewTagReferenceName(name), true)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if t, err := h.repo.TagObject(ref.Hash()); err == nil {
		c, err := t.Commit()
		if err != nil {
			return plumbing.ZeroHash, err
		}
		return c.Hash, nil
	}
	if _, err := h.repo.CommitObject(ref.Hash()); err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// mergeBase returns a merge-base of a and b, for a lane whose tag is gone.
func (h *History) mergeBase(a, b plumbing.Hash) (plumbing.Hash, error) {
	ca, err := h.repo.CommitObject(a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	cb, err := h.repo.CommitObject(b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, fmt.Errorf("no common history")
	}
	return bases[0].Hash, nil
}
