package gitrepo

import (
	"bytes"
	"crypto"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	gogithash "github.com/go-git/go-git/v5/plumbing/hash"
)

// indexPack stores the pack a fetch receives as git index-pack does: the
// stream is written to a temporary file in packDir while each object's
// header is read and inflated once (to find where it ends, and to name
// the objects stored whole); then the deltas are resolved from the file,
// each chain from its base down, on every core; then the version-2 index
// is written and both files take their final names, pack-<checksum>.
//
// It replaces go-git's pack parser for fetches, which keeps several
// structures per object and a 96 MiB cache and took twice git's time and
// memory on a 450,000-object pack: here an object costs 48 bytes, and a
// chain holds only the objects it is resolving. Objects are named with
// go-git's SHA-1 (with collision detection, as git's). The pack must be
// self-contained (gitrepo never asks for a thin pack).
func indexPack(r io.Reader, packDir string) (checksum plumbing.Hash, objects int, err error) {
	tmp, err := os.CreateTemp(packDir, "tmp_pack_")
	if err != nil {
		return plumbing.ZeroHash, 0, fmt.Errorf("store the fetched pack: %w", err)
	}
	defer func() {
		if tmp != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	p := &packIndexer{file: tmp}
	if checksum, err = p.scan(r); err != nil {
		return plumbing.ZeroHash, 0, fmt.Errorf("read the fetched pack: %w", err)
	}
	if err := p.resolveDeltas(); err != nil {
		return plumbing.ZeroHash, 0, fmt.Errorf("resolve the fetched pack's deltas: %w", err)
	}
	idx, err := p.writeIndex(packDir, checksum)
	if err != nil {
		return plumbing.ZeroHash, 0, fmt.Errorf("index the fetched pack: %w", err)
	}
	defer func() { _ = os.Remove(idx) }() // once installed, no longer there
	if err := tmp.Close(); err != nil {
		return plumbing.ZeroHash, 0, err
	}
	if err := install(tmp.Name(), idx, filepath.Join(packDir, "pack-"+checksum.String())); err != nil {
		return plumbing.ZeroHash, 0, fmt.Errorf("store the fetched pack: %w", err)
	}
	tmp = nil
	return checksum, len(p.entries), nil
}

// install gives the pack and its index their names, base.pack and
// base.idx, read-only as git makes them; a pack the clone already has
// (the same checksum: the same objects) is kept. A pack is never left
// without its index.
func install(pack, idx, base string) error {
	_, errPack := os.Stat(base + ".pack")
	_, errIdx := os.Stat(base + ".idx")
	if errPack == nil && errIdx == nil {
		return os.Remove(pack)
	}
	_ = os.Chmod(pack, 0o444)
	_ = os.Chmod(idx, 0o444)
	if err := os.Rename(pack, base+".pack"); err != nil {
		return err
	}
	if err := os.Rename(idx, base+".idx"); err != nil {
		_ = os.Remove(base + ".pack")
		return err
	}
	return nil
}

// packEntry is one object of the pack being indexed.
type packEntry struct {
	offset int64
	// base is an OFS_DELTA's base offset; for a REF_DELTA, -1-i where i
	// indexes packIndexer.refBases; 0 for an object stored whole
	base int64
	crc  uint32
	kind plumbing.ObjectType // as stored: commit, tree, blob, tag, or a delta
	typ  plumbing.ObjectType // the object's type, once known
	hash plumbing.Hash
}

func (e *packEntry) isDelta() bool {
	return e.kind == plumbing.OFSDeltaObject || e.kind == plumbing.REFDeltaObject
}

type packIndexer struct {
	file     *os.File
	entries  []packEntry // in pack order, so sorted by offset
	refBases []plumbing.Hash
	end      int64 // where the trailer starts

	ofsKids []int32 // OFS_DELTA entries, by base offset
	refKids []int32 // REF_DELTA entries, by base name
}

// The limits a remote's pack is held to.
const (
	maxPackObjects  = 1 << 28
	maxObjectSize   = 1 << 32
	maxDeltaChain   = 4095 // git's deepest pack chain (pack-objects' OE_DEPTH_BITS)
	maxHeldInChains = 2 << 30
)

// scan reads the pack from r, writing it to the temporary file, and
// records each object's place, CRC and (stored whole) name.
func (p *packIndexer) scan(r io.Reader) (plumbing.Hash, error) {
	s := newPackStream(r, p.file)
	var head [12]byte
	if _, err := io.ReadFull(s, head[:]); err != nil {
		return plumbing.ZeroHash, err
	}
	if !bytes.Equal(head[:4], []byte("PACK")) || binary.BigEndian.Uint32(head[4:8]) != 2 && binary.BigEndian.Uint32(head[4:8]) != 3 {
		return plumbing.ZeroHash, errors.New("not a version 2 pack")
	}
	count := binary.BigEndian.Uint32(head[8:])
	if count > maxPackObjects {
		return plumbing.ZeroHash, fmt.Errorf("the pack says it holds %d objects", count)
	}
	p.entries = make([]packEntry, 0, min(count, 1<<16)) // the header is the remote's word: grow as objects come
	inflater := &inflater{}
	hasher := newObjectHasher()
	for i := uint32(0); i < count; i++ {
		s.startObject()
		e, size, err := p.readHeader(s)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("object %d: %w", i, err)
		}
		sink := func() io.Writer {
			if e.isDelta() {
				return io.Discard
			}
			hasher.start(e.kind, size)
			return hasher
		}
		if err := inflater.copyStream(sink, s, size); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("object %d at offset %d: %w", i, e.offset, err)
		}
		if !e.isDelta() {
			e.typ, e.hash = e.kind, hasher.sum()
		}
		e.crc = s.endObject()
		p.entries = append(p.entries, e)
	}
	p.end = s.offset()
	return s.trailer()
}

// readHeader reads an object's header: its stored type, inflated size
// and, for a delta, its base.
func (p *packIndexer) readHeader(s *packStream) (packEntry, int64, error) {
	e := packEntry{offset: s.offset()}
	h, err := readObjectHeader(s)
	if err != nil {
		return e, 0, err
	}
	e.kind = h.kind
	switch h.kind {
	case plumbing.OFSDeltaObject:
		if h.back > e.offset-12 {
			return e, 0, errors.New("delta base offset out of range")
		}
		e.base = e.offset - h.back
	case plumbing.REFDeltaObject:
		p.refBases = append(p.refBases, h.ref)
		e.base = -int64(len(p.refBases))
	}
	return e, h.size, nil
}

// objectHeader is what precedes an object's zlib stream in a pack.
type objectHeader struct {
	kind plumbing.ObjectType
	size int64         // inflated
	back int64         // an OFS_DELTA's distance back to its base
	ref  plumbing.Hash // a REF_DELTA's base
}

// readObjectHeader reads an object's header (git's encoding: type and
// size in little-endian 7-bit groups, then a delta's base).
func readObjectHeader(r byteReader) (objectHeader, error) {
	var h objectHeader
	c, err := r.ReadByte()
	if err != nil {
		return h, err
	}
	h.kind = plumbing.ObjectType((c >> 4) & 7)
	h.size = int64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if shift > 35 {
			return h, errors.New("object size out of range")
		}
		if c, err = r.ReadByte(); err != nil {
			return h, err
		}
		h.size |= int64(c&0x7f) << shift
	}
	if h.size > maxObjectSize {
		return h, fmt.Errorf("object of %d bytes", h.size)
	}
	switch h.kind {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	case plumbing.OFSDeltaObject:
		if h.back, err = readOffset(r); err != nil {
			return h, err
		}
		if h.back <= 0 {
			return h, errors.New("delta base offset out of range")
		}
	case plumbing.REFDeltaObject:
		_, err = io.ReadFull(r, h.ref[:])
	default:
		err = fmt.Errorf("unknown object type %d", h.kind)
	}
	return h, err
}

// readOffset reads an OFS_DELTA's distance back to its base (git's
// encoding: big-endian 7-bit groups, each continuation adding one).
func readOffset(r io.ByteReader) (int64, error) {
	c, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	off := int64(c & 0x7f)
	for c&0x80 != 0 {
		if off >= 1<<55 {
			return 0, errors.New("delta base offset out of range")
		}
		if c, err = r.ReadByte(); err != nil {
			return 0, err
		}
		off = ((off + 1) << 7) | int64(c&0x7f)
	}
	return off, nil
}

// writeIndex writes the version-2 index (git's .idx) of the pack with
// the given checksum into a temporary file in dir, and returns its path.
func (p *packIndexer) writeIndex(dir string, checksum plumbing.Hash) (string, error) {
	order := make([]int32, len(p.entries))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		return bytes.Compare(p.entries[order[a]].hash[:], p.entries[order[b]].hash[:]) < 0
	})
	f, err := os.CreateTemp(dir, "tmp_idx_")
	if err != nil {
		return "", err
	}
	sum := sha1.New()
	w := newCountingBuffer(io.MultiWriter(f, sum))
	w.write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	var fanout [256]uint32
	for _, i := range order {
		fanout[p.entries[i].hash[0]]++
	}
	var total uint32
	for b := range fanout {
		total += fanout[b]
		w.u32(total)
	}
	for _, i := range order {
		w.write(p.entries[i].hash[:])
	}
	for _, i := range order {
		w.u32(p.entries[i].crc)
	}
	var large []int64
	for _, i := range order {
		if off := p.entries[i].offset; off < 1<<31 {
			w.u32(uint32(off))
		} else {
			w.u32(1<<31 | uint32(len(large)))
			large = append(large, off)
		}
	}
	for _, off := range large {
		w.u64(uint64(off))
	}
	w.write(checksum[:])
	if err := w.flush(); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return "", err
	}
	if _, err := f.Write(sum.Sum(nil)); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return "", err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// objectHasher names objects as git does: SHA-1 (go-git's, with
// collision detection) of "<type> <size>\0" and the content.
type objectHasher struct{ h hash.Hash }

func newObjectHasher() *objectHasher { return &objectHasher{h: gogithash.New(crypto.SHA1)} }

func (o *objectHasher) start(t plumbing.ObjectType, size int64) {
	o.h.Reset()
	_, _ = o.h.Write(t.Bytes())
	_, _ = fmt.Fprintf(o.h, " %d\x00", size)
}

func (o *objectHasher) Write(p []byte) (int, error) { return o.h.Write(p) }

func (o *objectHasher) sum() (h plumbing.Hash) {
	copy(h[:], o.h.Sum(nil))
	return h
}
