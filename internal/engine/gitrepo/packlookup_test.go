package gitrepo

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// indexOf is a pack index's tables for names (sorted here), the i-th name
// at offset 12+i.
func indexOf(names []plumbing.Hash) *packFile {
	slices.SortFunc(names, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	names = slices.CompactFunc(names, func(a, b plumbing.Hash) bool { return a == b })
	p := &packFile{fanout: make([]byte, 256*4), names: make([]byte, 20*len(names)), offsets: make([]byte, 4*len(names)), count: len(names)}
	for i, h := range names {
		copy(p.names[20*i:], h[:])
		binary.BigEndian.PutUint32(p.offsets[4*i:], uint32(12+i))
	}
	for b := range 256 {
		n := 0
		for _, h := range names {
			if int(h[0]) <= b {
				n++
			}
		}
		binary.BigEndian.PutUint32(p.fanout[4*b:], uint32(n))
	}
	return p
}

// TestLookupFindsEveryName: the guessing search finds every name of an
// index at its offset and no other, whether names are spread evenly (as
// hashes are) or made to cluster (shared prefixes, runs of neighbours,
// names at the ends of the byte range), where it must fall back to
// halving.
func TestLookupFindsEveryName(t *testing.T) {
	t.Parallel()
	// each shape draws from its own source: the subtests run in parallel
	type random func() plumbing.Hash
	shapes := map[string]func(random, int) plumbing.Hash{
		"even": func(random random, _ int) plumbing.Hash { return random() },
		"shared 9-byte prefixes": func(random random, i int) plumbing.Hash {
			h := random()
			copy(h[:9], []byte{0xab, 1, 2, 3, 4, 5, 6, 7, byte(i % 3)})
			return h
		},
		"a run of neighbours": func(_ random, i int) plumbing.Hash {
			var h plumbing.Hash
			h[0] = 0x42
			binary.BigEndian.PutUint64(h[1:9], uint64(i))
			return h
		},
		"the ends of the range": func(random random, i int) plumbing.Hash {
			h := random()
			if i%2 == 0 {
				copy(h[1:9], bytes.Repeat([]byte{0xff}, 8))
			} else {
				copy(h[1:9], make([]byte, 8))
			}
			h[0] = byte(i % 2 * 255)
			return h
		},
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(1, uint64(len(name))))
			random := func() (h plumbing.Hash) {
				for i := range h {
					h[i] = byte(r.Uint32())
				}
				return h
			}
			var names []plumbing.Hash
			for i := range 5000 {
				names = append(names, shape(random, i))
			}
			p := indexOf(names)
			for i := range p.count {
				var h plumbing.Hash
				copy(h[:], p.names[20*i:])
				if off, ok := p.lookup(h); !ok || off != int64(12+i) {
					t.Fatalf("name %d %s: offset %d, found %v", i, h, off, ok)
				}
				h[19] ^= 0x01 // a neighbour of a name that is there
				if _, ok := p.lookup(h); ok != slices.ContainsFunc(names, func(n plumbing.Hash) bool { return n == h }) {
					t.Fatalf("%s: found %v", h, ok)
				}
			}
			for range 1000 {
				h := random()
				_, ok := p.lookup(h)
				if want := slices.Contains(names, h); ok != want {
					t.Fatalf("%s: found %v, want %v", h, ok, want)
				}
			}
		})
	}
}
