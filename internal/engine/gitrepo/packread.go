package gitrepo

import (
	"bytes"
	"cmp"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// packSet reads objects from the packs of one object directory, the way
// git does: the pack's .idx (version 2) is kept as the bytes of the file
// and searched in place, and delta chains are resolved from the pack with
// a bounded cache of recently made objects, keyed by pack offset.
//
// go-git's own pack reading builds, on the first object it reads, a map
// from every object's offset to its name (86 MB, half of the gate's heap,
// and 0.5 s on istio's 1.1 million objects), asks it again for every delta
// base, and copies each object several times; the gate reads most of its
// objects through here instead. What a packSet does not hold (loose
// objects, packs with an index of another version, a REF_DELTA whose base
// is in another pack) is left to go-git: the set answers "not here".
//
// The set's methods read through its own packReader, one call at a time
// across the sets that share a cache (offsetCache.reading); a reader made
// by newReader reads on another goroutine beside them.
type packSet struct {
	dir   string // the object directory
	packs []*packFile
	// complete says every pack of dir is in packs: an object that is not
	// in them and not loose is not in dir at all
	complete bool
	cache    *offsetCache
	own      *packReader
}

// packReader is what reading objects from a set's packs takes besides
// the packs and the cache: a buffered reader on each pack, a
// decompressor, the delta being applied. One goroutine uses a reader at
// a time; the cache is shared.
type packReader struct {
	set   *packSet
	at    []atReader // by the pack's place in set.packs
	z     inflater
	delta []byte // the delta being applied, reused
}

// newReader is a reader of the set's packs (the set's own, or one for
// another goroutine). It must not be used once the set is closed.
func (s *packSet) newReader() *packReader {
	r := &packReader{set: s, at: make([]atReader, len(s.packs))}
	for i, p := range s.packs {
		r.at[i] = atReader{f: p.f, end: p.end}
	}
	return r
}

// errNotHere says that a packSet cannot answer for an object; go-git
// reads it.
var errNotHere = errors.New("not in the packs read directly")

// errNotPacked says that no pack of the set holds the object.
var errNotPacked = errors.New("not in the packs")

// maxDeltaDepth bounds a delta chain (git's pack-objects writes 50 by
// default, 4095 at most); a longer one is a broken or hostile pack.
const maxDeltaDepth = 10000

// openPackSet opens the version-2 packs of objectsDir/pack. A pack it
// cannot read is left out (go-git still reads it).
func openPackSet(objectsDir string, cache *offsetCache) *packSet {
	s := &packSet{dir: objectsDir, cache: cache}
	idxs, err := filepath.Glob(filepath.Join(objectsDir, "pack", "pack-*.idx"))
	s.complete = err == nil
	sort.Strings(idxs)
	for _, idx := range idxs {
		p, err := openPackFile(idx)
		if err != nil {
			s.complete = false
			continue
		}
		p.index = len(s.packs)
		s.packs = append(s.packs, p)
	}
	s.own = s.newReader()
	return s
}

// absent says that h is in no pack of the set and not loose in its
// directory, when the set holds all of the directory's packs: go-git
// would read every pack index of the directory to answer the same.
func (s *packSet) absent(h plumbing.Hash) bool {
	if !s.complete {
		return false
	}
	hex := h.String()
	_, err := os.Lstat(filepath.Join(s.dir, hex[:2], hex[2:]))
	return errors.Is(err, os.ErrNotExist)
}

// close closes the pack files.
func (s *packSet) close() error {
	s.cache.reading.Lock()
	defer s.cache.reading.Unlock()
	var err error
	for _, p := range s.packs {
		if e := p.close(); err == nil {
			err = e
		}
	}
	s.packs = nil
	return err
}

// find is the pack that holds h and h's offset in it.
func (s *packSet) find(h plumbing.Hash) (*packFile, int64, bool) {
	for _, p := range s.packs {
		if off, ok := p.lookup(h); ok {
			return p, off, true
		}
	}
	return nil, 0, false
}

// object reads h; t other than AnyObject asks for that type (another is
// "not found", as go-git answers).
func (s *packSet) object(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.cache.reading.Lock()
	defer s.cache.reading.Unlock()
	r := s.own
	p, off, ok := s.find(h)
	if !ok {
		return nil, errNotPacked
	}
	if t == plumbing.TagObject {
		// a commit asked for as a tag (every lightweight tag the gate
		// looks at) is answered from the headers, not made; a commit,
		// tree or blob is asked for as what it is, and is made at once
		// (its type checked after: the headers read once, not twice)
		typ, err := r.typeAt(p, off)
		if err == nil && typ != t {
			return nil, plumbing.ErrObjectNotFound
		}
	}
	typ, data, err := r.read(p, off, 0)
	if err != nil {
		return nil, err
	}
	if t != plumbing.AnyObject && typ != t {
		return nil, plumbing.ErrObjectNotFound
	}
	return &packedObject{h: h, t: typ, data: data}, nil
}

// size is the size of h, read from its header (a delta's from the head
// of the delta) without making the object.
func (s *packSet) size(h plumbing.Hash) (int64, error) {
	s.cache.reading.Lock()
	defer s.cache.reading.Unlock()
	r := s.own
	p, off, ok := s.find(h)
	if !ok {
		return 0, errNotPacked
	}
	if _, data, ok := s.cache.get(p, off); ok {
		return int64(len(data)), nil
	}
	at := &r.at[p.index]
	at.seek(off)
	oh, err := readObjectHeader(at)
	if err != nil {
		return 0, fmt.Errorf("read %s from %s: %w", h, p.name, err)
	}
	if oh.kind != plumbing.OFSDeltaObject && oh.kind != plumbing.REFDeltaObject {
		return oh.size, nil
	}
	head := sliceWriter{b: r.delta[:0]}
	if err := r.z.copy(&head, at, oh.size); err != nil {
		return 0, fmt.Errorf("read %s from %s: %w", h, p.name, err)
	}
	r.delta = head.b
	_, rest, err := deltaSize(head.b)
	if err == nil {
		var n uint64
		n, _, err = deltaSize(rest)
		return int64(n), err
	}
	return 0, fmt.Errorf("read %s from %s: %w", h, p.name, err)
}

// withPrefix lists the objects of the set's directory whose names start
// with prefix (at least one byte): from the packs' indexes and the loose
// objects' directory. ok is false when the set does not hold every pack.
func (s *packSet) withPrefix(prefix []byte) (hashes []plumbing.Hash, ok bool, err error) {
	if !s.complete || len(prefix) == 0 {
		return nil, false, nil
	}
	s.cache.reading.Lock()
	for _, p := range s.packs {
		hashes = append(hashes, p.withPrefix(prefix)...)
	}
	s.cache.reading.Unlock()
	hex := plumbing.Hash{prefix[0]}.String()[:2]
	entries, err := os.ReadDir(filepath.Join(s.dir, hex))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, true, err
	}
	for _, e := range entries {
		if len(e.Name()) != 38 || !plumbing.IsHash(hex+e.Name()) {
			continue // a temporary file
		}
		if h := plumbing.NewHash(hex + e.Name()); bytes.HasPrefix(h[:], prefix) {
			hashes = append(hashes, h)
		}
	}
	return hashes, true, nil
}

// typeAt is the type of the object at off in p, read from the headers
// down its delta chain.
func (r *packReader) typeAt(p *packFile, off int64) (plumbing.ObjectType, error) {
	at := &r.at[p.index]
	for depth := 0; depth <= maxDeltaDepth; depth++ {
		if typ, _, ok := r.set.cache.get(p, off); ok {
			return typ, nil
		}
		at.seek(off)
		h, err := readObjectHeader(at)
		if err != nil {
			return 0, err
		}
		switch h.kind {
		case plumbing.OFSDeltaObject:
			off -= h.back
		case plumbing.REFDeltaObject:
			var ok bool
			if off, ok = p.lookup(h.ref); !ok {
				return 0, errNotHere
			}
		default:
			return h.kind, nil
		}
	}
	return 0, fmt.Errorf("a delta chain longer than %d", maxDeltaDepth)
}

// read makes the object at off in p: its type and content.
func (r *packReader) read(p *packFile, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if typ, data, ok := r.set.cache.get(p, off); ok {
		return typ, data, nil
	}
	typ, data, err := r.makeObject(p, off, depth, nil)
	if err == nil {
		r.set.cache.put(p, off, typ, data)
	}
	return typ, data, err
}

// makeObject makes the object at off in p, into dst's memory when it is large
// enough, without looking in the cache or keeping it there.
func (r *packReader) makeObject(p *packFile, off int64, depth int, dst []byte) (plumbing.ObjectType, []byte, error) {
	if depth > maxDeltaDepth {
		return 0, nil, fmt.Errorf("read the object at offset %d of %s: a delta chain longer than %d", off, p.name, maxDeltaDepth)
	}
	at := &r.at[p.index]
	at.seek(off)
	h, err := readObjectHeader(at)
	if err != nil {
		return 0, nil, fmt.Errorf("read the object at offset %d of %s: %w", off, p.name, err)
	}
	var typ plumbing.ObjectType
	var data []byte
	switch h.kind {
	case plumbing.OFSDeltaObject, plumbing.REFDeltaObject:
		typ, data, err = r.undelta(p, off, h, depth, dst)
	default:
		typ = h.kind
		data, err = r.z.inflateAt(dst, at, h.size)
	}
	if err == errNotHere {
		return 0, nil, err
	}
	if err != nil {
		return 0, nil, fmt.Errorf("read the object at offset %d of %s: %w", off, p.name, err)
	}
	return typ, data, nil
}

// objectInto reads h, an object of type want, into dst's memory (grown
// if need be): the object is made and not kept, for a caller that reads
// it at once and then reuses dst. owned says the content is in that
// memory, the caller's; an object the cache holds already is returned as
// it is there (not owned: it must not be written).
func (s *packSet) objectInto(want plumbing.ObjectType, h plumbing.Hash, dst []byte) (data []byte, owned bool, err error) {
	s.cache.reading.Lock()
	defer s.cache.reading.Unlock()
	return s.own.objectInto(want, h, dst)
}

// objectInto is packSet's objectInto, through r.
func (r *packReader) objectInto(want plumbing.ObjectType, h plumbing.Hash, dst []byte) (data []byte, owned bool, err error) {
	s := r.set
	p, off, ok := s.find(h)
	if !ok {
		return nil, false, errNotPacked
	}
	if typ, data, ok := s.cache.get(p, off); ok {
		if typ != want {
			return nil, false, plumbing.ErrObjectNotFound
		}
		return data, false, nil
	}
	// made before its type is known (the headers read once, not twice):
	// another object made into dst is the caller's memory all the same
	typ, data, err := r.makeObject(p, off, 0, dst)
	if err != nil {
		return nil, false, err
	}
	if typ != want {
		return nil, false, plumbing.ErrObjectNotFound
	}
	return data, true, nil
}

// undelta makes the delta object at off (its header h read), into dst's
// memory when it is large enough: the delta is inflated first, then its
// base made (and kept in the cache), then the delta applied.
func (r *packReader) undelta(p *packFile, off int64, h objectHeader, depth int, dst []byte) (plumbing.ObjectType, []byte, error) {
	delta, err := r.z.inflateAt(r.delta, &r.at[p.index], h.size)
	if err != nil {
		return 0, nil, err
	}
	r.delta = nil // the base's own delta must not overwrite this one
	base := off - h.back
	if h.kind == plumbing.REFDeltaObject {
		var ok bool
		if base, ok = p.lookup(h.ref); !ok {
			return 0, nil, errNotHere // a base in another pack or loose: go-git's to find
		}
	}
	if base < 12 || base == off {
		return 0, nil, fmt.Errorf("delta base offset %d out of range", base)
	}
	typ, src, err := r.read(p, base, depth+1)
	if err != nil {
		return 0, nil, err
	}
	data, err := applyDelta(dst[:0], src, delta)
	r.delta = delta[:0]
	return typ, data, err
}

// packFile is one pack and its version-2 index, held as the file's bytes.
type packFile struct {
	name    string
	f       *os.File
	unmap   func() error // releases the index
	end     int64        // where the objects end (the trailer)
	index   int          // the pack's place in its set
	fanout  []byte       // 256 big-endian counts
	names   []byte       // count sorted 20-byte names
	offsets []byte       // count 4-byte offsets
	large   []byte       // 8-byte offsets that do not fit 31 bits
	count   int
}

// openPackFile reads the index idx and opens its pack.
func openPackFile(idx string) (*packFile, error) {
	b, unmap, err := mapFile(idx)
	if err != nil {
		return nil, err
	}
	p, err := parseIndex(b)
	if err != nil {
		_ = unmap()
		return nil, fmt.Errorf("%s: %w", idx, err)
	}
	pack := strings.TrimSuffix(idx, ".idx") + ".pack"
	f, err := os.Open(pack)
	if err != nil {
		_ = unmap()
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() < 32 {
		_ = f.Close()
		_ = unmap()
		return nil, fmt.Errorf("%s: not a pack", pack)
	}
	p.name, p.f, p.unmap = filepath.Base(pack), f, unmap
	p.end = fi.Size() - 20
	return p, nil
}

// close closes the pack and releases its index.
func (p *packFile) close() error {
	err := p.f.Close()
	if e := p.unmap(); err == nil {
		err = e
	}
	return err
}

// parseIndex checks a version-2 index's layout and slices its tables.
func parseIndex(b []byte) (*packFile, error) {
	const head = 8 + 256*4
	if len(b) < head+40 || !bytes.Equal(b[:8], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		return nil, errors.New("not a version-2 pack index")
	}
	fanout := b[8:head]
	prev := uint32(0)
	for i := 0; i < 256; i++ {
		n := binary.BigEndian.Uint32(fanout[4*i:])
		if n < prev {
			return nil, errors.New("pack index: fan-out table out of order")
		}
		prev = n
	}
	count := int(prev)
	rest := len(b) - head - 40
	if count > rest/28 {
		return nil, errors.New("pack index: shorter than its fan-out table says")
	}
	large := rest - 28*count
	if large%8 != 0 {
		return nil, errors.New("pack index: bad length")
	}
	names := b[head : head+20*count]
	offsets := b[head+24*count : head+28*count] // after the CRC table
	return &packFile{fanout: fanout, names: names, offsets: offsets,
		large: b[head+28*count : head+28*count+large], count: count}, nil
}

// lookup is h's offset in the pack.
//
// Names are spread evenly (they are hashes), so the search guesses where
// h lies between the names that bound it, from the 8 bytes after the
// first (which the fanout bucket shares): on containerd's 225,000-object
// pack three probes where halving takes ten, and each probe is a cache
// miss in a 4.5 MB table (the lookups were 4% of the gate's time). After
// a few guesses, or where the bounds tell nothing, it halves: names made
// to cluster cost no more than a binary search's steps after those.
func (p *packFile) lookup(h plumbing.Hash) (int64, bool) {
	lo := 0
	if h[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[4*(int(h[0])-1):]))
	}
	hi := int(binary.BigEndian.Uint32(p.fanout[4*int(h[0]):]))
	key := binary.BigEndian.Uint64(h[1:9])
	below, above := uint64(0), uint64(math.MaxUint64) // the key bytes' bounds over [lo, hi)
	for guesses := 0; lo < hi; guesses++ {
		mid := int(uint(lo+hi) >> 1)
		if guesses < maxGuesses && below <= key && key <= above && below < above {
			// (key-below)/(above-below) of the way from lo to hi; the
			// quotient fits, as key-below <= above-below
			n, low := bits.Mul64(key-below, uint64(hi-lo))
			q, _ := bits.Div64(n, low, above-below)
			mid = lo + int(min(q, uint64(hi-lo-1)))
		}
		name := p.names[20*mid : 20*mid+20]
		v := binary.BigEndian.Uint64(name[1:9])
		c := cmp.Compare(v, key)
		if c == 0 {
			c = bytes.Compare(name, h[:])
		}
		switch {
		case c == 0:
			return p.offset(mid)
		case c < 0:
			lo, below = mid+1, v
		default:
			hi, above = mid, v
		}
	}
	return 0, false
}

// maxGuesses bounds lookup's guessing: names spread evenly are found in
// three or four probes, and the rest of a search halves.
const maxGuesses = 4

// withPrefix lists the pack's objects whose names start with prefix.
func (p *packFile) withPrefix(prefix []byte) []plumbing.Hash {
	lo := 0
	if prefix[0] > 0 {
		lo = int(binary.BigEndian.Uint32(p.fanout[4*(int(prefix[0])-1):]))
	}
	hi := int(binary.BigEndian.Uint32(p.fanout[4*int(prefix[0]):]))
	i := lo + sort.Search(hi-lo, func(k int) bool {
		return bytes.Compare(p.names[20*(lo+k):20*(lo+k)+20], prefix) >= 0
	})
	var out []plumbing.Hash
	for ; i < hi && bytes.HasPrefix(p.names[20*i:20*i+20], prefix); i++ {
		var h plumbing.Hash
		copy(h[:], p.names[20*i:])
		out = append(out, h)
	}
	return out
}

// offset is the offset of the i-th object of the index.
func (p *packFile) offset(i int) (int64, bool) {
	o := binary.BigEndian.Uint32(p.offsets[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), true
	}
	j := int(o & 0x7fffffff)
	if 8*j+8 > len(p.large) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(p.large[8*j:])), true
}

// packedObject is an object read from a pack: name, type and content.
// It is read-only: objects never change under their name.
type packedObject struct {
	h    plumbing.Hash
	t    plumbing.ObjectType
	data []byte
}

func (o *packedObject) Hash() plumbing.Hash           { return o.h }
func (o *packedObject) Type() plumbing.ObjectType     { return o.t }
func (o *packedObject) SetType(t plumbing.ObjectType) { o.t = t }
func (o *packedObject) Size() int64                   { return int64(len(o.data)) }
func (o *packedObject) SetSize(int64)                 {}

// Bytes is the content itself, shared: callers must not change it.
func (o *packedObject) Bytes() []byte { return o.data[:len(o.data):len(o.data)] }

// Reader reads the content; like go-git's own, it can seek.
func (o *packedObject) Reader() (io.ReadCloser, error) {
	return seekCloser{bytes.NewReader(o.data)}, nil
}

// Writer refuses: an object read from a pack is not written to.
func (o *packedObject) Writer() (io.WriteCloser, error) {
	return nil, fmt.Errorf("object %s was read from a pack and cannot be written", o.h)
}

type seekCloser struct{ *bytes.Reader }

func (seekCloser) Close() error { return nil }

// offsetCache keeps the objects made most recently, by pack and offset,
// up to a number of bytes: a delta's base is most often one of the
// objects read just before (git's delta base cache).
type offsetCache struct {
	// reading serialises the reads through the own readers of the
	// packSets that share the cache (the clone's and its alternates'), so
	// that the storage can be used from any goroutine
	reading sync.Mutex
	// mu guards the entries: readers of other goroutines share them
	mu          sync.Mutex
	limit, used int
	lru         *list.List // of *cachedObject, most recent first
	at          map[cacheKey]*list.Element
}

type cacheKey struct {
	p   *packFile
	off int64
}

type cachedObject struct {
	key  cacheKey
	t    plumbing.ObjectType
	data []byte
}

func newOffsetCache(limit int) *offsetCache {
	return &offsetCache{limit: limit, lru: list.New(), at: map[cacheKey]*list.Element{}}
}

func (c *offsetCache) get(p *packFile, off int64) (plumbing.ObjectType, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.at[cacheKey{p, off}]
	if !ok {
		return 0, nil, false
	}
	c.lru.MoveToFront(e)
	o := e.Value.(*cachedObject)
	return o.t, o.data, true
}

// cacheEntryCost is what an entry costs besides its content: the map
// slot, the list element and the entry (most cached objects are trees of
// a few hundred bytes, and the bookkeeping would otherwise double the
// cache's real size).
const cacheEntryCost = 160

// put keeps an object; one larger than a quarter of the limit is not kept.
// Its content is shared from then on, and never written: an entry pushed
// out may still be in a reader's hands.
func (c *offsetCache) put(p *packFile, off int64, t plumbing.ObjectType, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := cacheKey{p, off}
	if len(data) > c.limit/4 || c.at[k] != nil {
		return
	}
	c.at[k] = c.lru.PushFront(&cachedObject{key: k, t: t, data: data})
	c.used += len(data) + cacheEntryCost
	for c.used > c.limit {
		last := c.lru.Back()
		o := last.Value.(*cachedObject)
		c.lru.Remove(last)
		delete(c.at, o.key)
		c.used -= len(o.data) + cacheEntryCost
	}
}
