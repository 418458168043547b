package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// resolveDeltas names every delta: from each object stored whole, its
// chains of deltas are applied depth first, holding only the objects of
// the chain; the bases are shared out among the cores.
func (p *packIndexer) resolveDeltas() error {
	for i := range p.entries {
		switch e := &p.entries[i]; e.kind {
		case plumbing.OFSDeltaObject:
			p.ofsKids = append(p.ofsKids, int32(i))
		case plumbing.REFDeltaObject:
			p.refKids = append(p.refKids, int32(i))
		}
	}
	if len(p.ofsKids)+len(p.refKids) == 0 {
		return nil
	}
	sort.SliceStable(p.ofsKids, func(a, b int) bool { return p.entries[p.ofsKids[a]].base < p.entries[p.ofsKids[b]].base })
	sort.SliceStable(p.refKids, func(a, b int) bool {
		x, y := p.refBase(p.refKids[a]), p.refBase(p.refKids[b])
		return bytes.Compare(x[:], y[:]) < 0
	})
	var next atomic.Int64
	var held atomic.Int64
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := &deltaResolver{p: p, held: &held, at: atReader{f: p.file, end: p.end}, hasher: newObjectHasher()}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(p.entries) {
					return
				}
				if err := r.root(i); err != nil {
					errs[w] = err
					next.Store(int64(len(p.entries)))
					return
				}
			}
		}(w)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i := range p.entries {
		if e := &p.entries[i]; e.typ == plumbing.InvalidObject {
			if e.kind == plumbing.REFDeltaObject {
				return fmt.Errorf("the delta at offset %d names base %s, which is not in the pack", e.offset, p.refBase(int32(i)))
			}
			return fmt.Errorf("the delta at offset %d has no base in the pack", e.offset)
		}
	}
	return nil
}

func (p *packIndexer) refBase(i int32) plumbing.Hash { return p.refBases[-1-p.entries[i].base] }

// children lists the deltas whose base is the object at offset named h.
func (p *packIndexer) children(offset int64, h plumbing.Hash) (ofs, ref []int32) {
	lo := sort.Search(len(p.ofsKids), func(k int) bool { return p.entries[p.ofsKids[k]].base >= offset })
	hi := lo
	for hi < len(p.ofsKids) && p.entries[p.ofsKids[hi]].base == offset {
		hi++
	}
	ofs = p.ofsKids[lo:hi]
	if len(p.refKids) > 0 {
		lo := sort.Search(len(p.refKids), func(k int) bool {
			b := p.refBase(p.refKids[k])
			return bytes.Compare(b[:], h[:]) >= 0
		})
		hi := lo
		for hi < len(p.refKids) && p.refBase(p.refKids[hi]) == h {
			hi++
		}
		ref = p.refKids[lo:hi]
	}
	return ofs, ref
}

// deltaResolver is one core's share of resolveDeltas.
type deltaResolver struct {
	p        *packIndexer
	held     *atomic.Int64 // bytes held in chains, by every resolver
	at       atReader
	inflater inflater
	hasher   *objectHasher
	bufs     [][]byte // per depth: the object resolved there
	delta    []byte
}

// root resolves the chains below entry i if it is stored whole.
func (r *deltaResolver) root(i int) error {
	e := &r.p.entries[i]
	if e.isDelta() {
		return nil
	}
	ofs, ref := r.p.children(e.offset, e.hash)
	if len(ofs)+len(ref) == 0 {
		return nil
	}
	data, err := r.read(e.offset, r.slot(0))
	if err != nil {
		return err
	}
	return r.below(data, e.typ, ofs, ref, 1)
}

// slot is the reused buffer of the object resolved at depth.
func (r *deltaResolver) slot(depth int) *[]byte {
	for len(r.bufs) <= depth {
		r.bufs = append(r.bufs, nil)
	}
	return &r.bufs[depth]
}

// below resolves the deltas ofs and ref against base, then theirs.
func (r *deltaResolver) below(base []byte, typ plumbing.ObjectType, ofs, ref []int32, depth int) error {
	if depth > maxDeltaChain {
		return fmt.Errorf("a delta chain deeper than %d", maxDeltaChain)
	}
	if r.held.Add(int64(len(base))) > maxHeldInChains {
		return fmt.Errorf("the delta chains hold more than %d bytes", maxHeldInChains)
	}
	defer r.held.Add(-int64(len(base)))
	for _, kids := range [][]int32{ofs, ref} {
		for _, k := range kids {
			e := &r.p.entries[k]
			delta, err := r.read(e.offset, &r.delta)
			if err != nil {
				return err
			}
			out := r.slot(depth)
			if *out, err = applyDelta((*out)[:0], base, delta); err != nil {
				return fmt.Errorf("the delta at offset %d: %w", e.offset, err)
			}
			r.hasher.start(typ, int64(len(*out)))
			_, _ = r.hasher.Write(*out)
			e.typ, e.hash = typ, r.hasher.sum()
			if o, rf := r.p.children(e.offset, e.hash); len(o)+len(rf) > 0 {
				if err := r.below(*out, typ, o, rf, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// read inflates the object at offset into *into (reused), skipping its
// header.
func (r *deltaResolver) read(offset int64, into *[]byte) ([]byte, error) {
	r.at.seek(offset)
	h, err := readObjectHeader(&r.at)
	if err != nil {
		return nil, fmt.Errorf("object at offset %d: %w", offset, err)
	}
	b, err := r.inflater.inflateAt(*into, &r.at, h.size)
	if err != nil {
		return nil, fmt.Errorf("object at offset %d: %w", offset, err)
	}
	*into = b
	return b, nil
}

// inflater inflates zlib streams with one reused decompressor.
type inflater struct {
	zr  io.ReadCloser
	buf []byte
	win bytes.Reader // a stream held whole in memory (inflateAt)
}

// inflateAt is into for the stream at a's position. A stream that a can
// hold whole is inflated from its buffer as a byte slice, which the
// decompressor reads without a call per byte (on containerd, inflation
// took 0.33 s of CPU instead of 0.38 s); the bound is deflate's for incompressible data, and a stream
// that exceeds it anyway is read again byte by byte.
func (z *inflater) inflateAt(dst []byte, a *atReader, size int64) ([]byte, error) {
	if win, ok := a.window(deflatedBound(size)); ok {
		z.win.Reset(win)
		out, err := z.into(dst, &z.win, size)
		if err == nil {
			a.r += len(win) - z.win.Len()
			return out, nil
		}
	}
	return z.into(dst, a, size)
}

// copyStream is copy for the zlib stream at s's position, made for sink
// (called again, to start over, when the first way fails). When s can
// read the stream's bound ahead, the decompressor reads it as a byte
// slice (its fast path), not s one byte per call through an interface;
// else it reads s byte by byte.
func (z *inflater) copyStream(sink func() io.Writer, s *packStream, size int64) error {
	if bound := deflatedBound(size); bound <= maxWindow {
		if win, ok := s.window(int(bound)); ok {
			z.win.Reset(win)
			if err := z.copy(sink(), &z.win, size); err == nil {
				s.take(len(win) - z.win.Len())
				return nil
			}
		}
	}
	return z.copy(sink(), s, size)
}

// deflatedBound is the most bytes a zlib stream of size bytes takes: its
// header and checksum, and stored blocks' 5-byte headers (zlib writes
// them every 16 KiB or more; this allows one a KiB).
func deflatedBound(size int64) int64 { return size + size/1024*5 + 64 }

type byteReader interface {
	io.Reader
	io.ByteReader
}

// copy inflates the zlib stream at r into w, which must come to exactly
// size bytes. r is read no further than the stream's end (zlib reads a
// byte reader byte by byte).
func (z *inflater) copy(w io.Writer, r byteReader, size int64) error {
	if err := z.reset(r); err != nil {
		return err
	}
	var n int64
	for {
		m, err := z.zr.Read(z.buf)
		if m > 0 {
			if n += int64(m); n > size {
				return fmt.Errorf("inflates to more than the %d bytes its header says", size)
			}
			if _, werr := w.Write(z.buf[:m]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if n != size {
		return fmt.Errorf("inflates to %d bytes, its header says %d", n, size)
	}
	return nil
}

// into inflates the zlib stream at r, which must come to exactly size
// bytes, into dst (reused when large enough) and returns it. The object is
// inflated in place, without the copy through a buffer that copy makes; a
// size beyond 64 MiB (the header's word) is grown as read instead.
func (z *inflater) into(dst []byte, r byteReader, size int64) ([]byte, error) {
	if size > 64<<20 {
		w := sliceWriter{b: dst[:0]}
		err := z.copy(&w, r, size)
		return w.b, err
	}
	if err := z.reset(r); err != nil {
		return nil, err
	}
	if int64(cap(dst)) < size {
		dst = make([]byte, size)
	}
	dst = dst[:size]
	n, err := io.ReadFull(z.zr, dst)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return nil, fmt.Errorf("inflates to %d bytes, its header says %d", n, size)
	}
	if err != nil {
		return nil, err
	}
	// the stream must end here: its checksum is checked at its end
	for {
		m, err := z.zr.Read(z.buf[:1])
		if m > 0 {
			return nil, fmt.Errorf("inflates to more than the %d bytes its header says", size)
		}
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// reset readies the decompressor for the stream at r.
func (z *inflater) reset(r byteReader) error {
	if z.zr == nil {
		var err error
		z.zr, err = zlib.NewReader(r)
		z.buf = make([]byte, 32<<10)
		return err
	}
	return z.zr.(zlib.Resetter).Reset(r, nil)
}

// sliceWriter appends to a reused slice.
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// applyDelta appends to dst the object that delta (git's delta format)
// makes of base.
func applyDelta(dst, base, delta []byte) ([]byte, error) {
	srcSize, delta, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("made for a base of %d bytes, the base has %d", srcSize, len(base))
	}
	dstSize, delta, err := deltaSize(delta)
	if err != nil {
		return nil, err
	}
	if dstSize > maxObjectSize {
		return nil, fmt.Errorf("makes an object of %d bytes", dstSize)
	}
	if uint64(cap(dst)) < dstSize {
		dst = make([]byte, 0, min(dstSize, 64<<20)) // the size is the delta's word: grow as it is made
	}
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0: // copy from the base
			var off, n uint64
			for b := 0; b < 4; b++ {
				if cmd&(1<<b) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("truncated copy")
					}
					off |= uint64(delta[0]) << (8 * b)
					delta = delta[1:]
				}
			}
			for b := 0; b < 3; b++ {
				if cmd&(0x10<<b) != 0 {
					if len(delta) == 0 {
						return nil, errors.New("truncated copy")
					}
					n |= uint64(delta[0]) << (8 * b)
					delta = delta[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(dst))+n > dstSize {
				return nil, errors.New("copies out of range")
			}
			dst = append(dst, base[off:off+n]...)
		case cmd != 0: // insert the next cmd bytes
			n := int(cmd)
			if n > len(delta) || uint64(len(dst)+n) > dstSize {
				return nil, errors.New("inserts out of range")
			}
			dst = append(dst, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errors.New("reserved instruction 0")
		}
	}
	if uint64(len(dst)) != dstSize {
		return nil, fmt.Errorf("made %d bytes, it says %d", len(dst), dstSize)
	}
	return dst, nil
}

// deltaSize reads one of a delta's little-endian 7-bit sizes.
func deltaSize(b []byte) (uint64, []byte, error) {
	var n uint64
	for shift := 0; ; shift += 7 {
		if len(b) == 0 || shift > 63 {
			return 0, nil, errors.New("truncated delta header")
		}
		c := b[0]
		b = b[1:]
		n |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return n, b, nil
		}
	}
}
