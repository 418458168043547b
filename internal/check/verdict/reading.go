package verdict

import (
	"maps"
	"slices"
)

// Reading keeps what the analysis reads from commit messages and subjects
// (the commits a message says it was picked from, waives or names in
// prose, the pull requests it cites or merged, the subject normalised) for
// the next passes over the same Input. The engine makes several: Settled
// twice, Claims, Witnesses, NeedIdentity, Analyze, each of them over every
// main-line commit, and on containerd's five newest release lines reading
// the same messages again was a tenth of the gate's time.
//
// What it keeps is what pure functions return for the same text, so a
// Reading changes no verdict, only how often they run
// (TestReadingChangesNothing). The slices it hands out are clipped: a
// caller that appends gets a copy. A nil *Reading reads afresh each time.
// It is not safe for concurrent use.
type Reading struct {
	picked   map[string][]string          // PickedFrom, by message
	skips    map[string]map[string]string // skipsFor, by message
	prose    map[string][]string          // proseRefs, by message
	subjects map[string]string            // NormalizeSubject, by subject
	merged   map[string]prNumber          // mergedPR, by subject
	cited    map[messageAndSubject][]int  // citedPRs, by both

	// the last index built, and the main line and off-main-line commits
	// it was built for: of what it indexes only the patch-ids change
	// between the passes (the engine computes them in between)
	ix        *index
	ixMain    []MainCommit
	ixOffMain map[string]bool
}

// NewReading is an empty Reading, for an Input's passes to share.
func NewReading() *Reading { return &Reading{} }

type prNumber struct {
	n  int
	ok bool
}

type messageAndSubject struct{ message, subject string }

// remembered is f(k), from *m when it holds k, else computed and kept.
func remembered[K comparable, V any](m *map[K]V, k K, f func(K) V) V {
	if v, ok := (*m)[k]; ok {
		return v
	}
	v := f(k)
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	return v
}

func (r *Reading) pickedFrom(message string) []string {
	if r == nil {
		return PickedFrom(message)
	}
	return slices.Clip(remembered(&r.picked, message, PickedFrom))
}

// skipsFor's map is only read by its callers.
func (r *Reading) skipsFor(message string) map[string]string {
	if r == nil {
		return skipsFor(message)
	}
	return remembered(&r.skips, message, skipsFor)
}

func (r *Reading) proseRefs(message string) []string {
	if r == nil {
		return proseRefs(message)
	}
	return slices.Clip(remembered(&r.prose, message, proseRefs))
}

func (r *Reading) normalizeSubject(subject string) string {
	if r == nil {
		return NormalizeSubject(subject)
	}
	return remembered(&r.subjects, subject, NormalizeSubject)
}

func (r *Reading) mergedPR(subject string) (int, bool) {
	if r == nil {
		return mergedPR(subject)
	}
	p := remembered(&r.merged, subject, func(s string) prNumber {
		n, ok := mergedPR(s)
		return prNumber{n, ok}
	})
	return p.n, p.ok
}

func (r *Reading) citedPRs(c Commit) []int {
	if r == nil {
		return citedPRs(c)
	}
	return slices.Clip(remembered(&r.cited, messageAndSubject{c.Message, c.Subject}, func(k messageAndSubject) []int {
		return citedPRs(Commit{Message: k.message, Subject: k.subject})
	}))
}

// index is the index of in's main line built for an earlier pass, with
// its patch-ids indexed afresh; ok is false when there is none, or it was
// built for other commits.
func (r *Reading) index(in Input) (*index, bool) {
	if r == nil || r.ix == nil || !sameMainLine(r.ixMain, in.MainLine) || !maps.Equal(r.ixOffMain, in.OffMainLine) {
		return nil, false
	}
	ix := *r.ix // its other maps are not written once built
	ix.main = in.MainLine
	ix.byPatchID = patchIDs(in.MainLine)
	return &ix, true
}

// keepIndex keeps ix, built for in, for the next pass.
func (r *Reading) keepIndex(in Input, ix *index) {
	if r == nil {
		return
	}
	r.ix, r.ixOffMain = ix, maps.Clone(in.OffMainLine)
	r.ixMain = slices.Clone(in.MainLine)
}

// sameMainLine says whether two main lines list the same commits with the
// same messages (strings that are usually the same memory: cheap to
// compare).
func sameMainLine(a, b []MainCommit) bool {
	return slices.EqualFunc(a, b, func(x, y MainCommit) bool {
		return x.SHA == y.SHA && x.Subject == y.Subject && x.Message == y.Message
	})
}
