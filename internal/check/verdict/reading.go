package verdict

import (
	"encoding/binary"
	"hash/maphash"
	"maps"
	"slices"
)

// Reading keeps, for the next passes over the same Input, what the
// analysis reads from messages: the main line's index (built once, its
// patch-ids indexed afresh for each pass, as the engine computes them in
// between), and what the hotfix commits' messages and subjects say (the
// commits they name as picked or in prose, the pull requests they cite,
// the subject normalised). The engine makes six passes (Settled twice,
// Claims, Witnesses, NeedIdentity, Analyze), and on containerd's five
// newest release lines reading the same messages again was a tenth of the
// gate's time.
//
// What it keeps is what pure functions return for the same text, so a
// Reading changes no verdict, only how often they run (the package's
// tests analyse through one and without, and compare). The slices it
// hands out are clipped: a caller that appends gets a copy. It keeps
// little the collector must scan: the hotfix commits' answers, not the
// main line's, and the main line it indexed as a fingerprint. A nil
// *Reading reads afresh each time. It is not safe for concurrent use.
type Reading struct {
	picked   map[string][]string         // PickedFrom, by message
	prose    map[string][]string         // proseRefs, by message
	subjects map[string]string           // NormalizeSubject, by subject
	cited    map[messageAndSubject][]int // citedPRs, by both

	// the last index built, and what it was built for: a fingerprint of
	// the main line's commits and messages, and the off-main-line commits
	ix        *index
	ixMain    uint64
	ixOffMain map[string]bool
	seed      maphash.Seed
}

// NewReading is an empty Reading, for an Input's passes to share.
func NewReading() *Reading { return &Reading{seed: maphash.MakeSeed()} }

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
	if r == nil || r.ix == nil || r.fingerprint(in.MainLine) != r.ixMain || !maps.Equal(r.ixOffMain, in.OffMainLine) {
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
	r.ix, r.ixMain, r.ixOffMain = ix, r.fingerprint(in.MainLine), maps.Clone(in.OffMainLine)
}

// fingerprint is a hash of the main line's commits, subjects and messages,
// what an index is built from (but for the patch-ids): hashing a few MB
// costs a millisecond, where keeping a copy to compare would keep the
// collector scanning it for the rest of the run. The seed is the
// Reading's own, random: no history can be made to collide with another.
func (r *Reading) fingerprint(main []MainCommit) uint64 {
	var h maphash.Hash
	h.SetSeed(r.seed)
	var n [8]byte
	for _, m := range main {
		for _, s := range [...]string{m.SHA, m.Subject, m.Message} {
			// the length first: "ab" then "c" is not "a" then "bc"
			binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
			_, _ = h.Write(n[:])
			_, _ = h.WriteString(s)
		}
	}
	return h.Sum64()
}
