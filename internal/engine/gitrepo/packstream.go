package gitrepo

import (
	"bufio"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"

	"github.com/go-git/go-git/v5/plumbing"
)

// packStream reads a pack as it arrives: byte by byte for the object
// headers and zlib (which then reads no further than each stream's end),
// while every byte read goes, a buffer at a time, to the pack's checksum,
// the current object's CRC-32 and the file the pack is stored in (written
// a megabyte at a time, not an object at a time: a containerd CI
// checkout's pack was 88,000 write calls).
type packStream struct {
	src  io.Reader
	out  *bufio.Writer
	buf  []byte
	r, w int   // buf[r:w] is read but not yet consumed
	done int   // buf[:done] has gone to the checksums and the file
	base int64 // the pack offset of buf[0]
	crc  uint32
	sum  hash.Hash
	// trailing: the bytes read now are the closing checksum, which is
	// stored but not summed
	trailing bool
	err      error
}

func newPackStream(src io.Reader, out *os.File) *packStream {
	return &packStream{src: src, out: bufio.NewWriterSize(out, 1<<20), buf: make([]byte, 256<<10), sum: sha1.New()}
}

// offset is the pack offset of the next byte to read.
func (s *packStream) offset() int64 { return s.base + int64(s.r) }

// consume hands what was read since the last call to the checksums and
// the file.
func (s *packStream) consume() {
	if s.r == s.done || s.err != nil {
		return
	}
	p := s.buf[s.done:s.r]
	if !s.trailing {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
		_, _ = s.sum.Write(p)
	}
	if _, err := s.out.Write(p); err != nil {
		s.err = err
	}
	s.done = s.r
}

func (s *packStream) fill() error {
	if s.err != nil {
		return s.err
	}
	s.consume()
	if s.r == s.w {
		s.base += int64(s.w)
		s.r, s.w, s.done = 0, 0, 0
	}
	n, err := s.src.Read(s.buf[s.w:])
	s.w += n
	if n == 0 {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		s.err = err
		return err
	}
	return nil
}

func (s *packStream) ReadByte() (byte, error) {
	if s.r == s.w {
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
	b := s.buf[s.r]
	s.r++
	return b, nil
}

func (s *packStream) Read(p []byte) (int, error) {
	if s.r == s.w {
		if err := s.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, s.buf[s.r:s.w])
	s.r += n
	return n, nil
}

// window is the bytes read ahead from the current position, reading more
// from the source if need be: at least n of them, or all that the source
// has left (the pack's last object is followed only by its checksum). ok
// is false for n over maxWindow, or when the source fails or stalls (the
// caller then reads byte by byte, and meets the error there). The
// position does not move; the caller moves it by what it took (take).
func (s *packStream) window(n int) (b []byte, ok bool) {
	if n > maxWindow || s.err != nil {
		return nil, false
	}
	for stalls := 0; s.w-s.r < n; {
		s.consume()
		if s.err != nil {
			return nil, false
		}
		if s.r > 0 { // the unread bytes to the front
			s.base += int64(s.r)
			s.w = copy(s.buf, s.buf[s.r:s.w])
			s.r, s.done = 0, 0
		}
		if len(s.buf) < n {
			s.buf = append(s.buf[:s.w], make([]byte, n-s.w)...)
		}
		m, err := s.src.Read(s.buf[s.w:])
		s.w += m
		switch {
		case m > 0:
			stalls = 0
		case err == io.EOF:
			return s.buf[s.r:s.w], true // all there is
		case err != nil:
			s.err = err
			return nil, false
		default:
			if stalls++; stalls > 100 {
				return nil, false
			}
		}
	}
	return s.buf[s.r:s.w], true
}

// take moves the position n bytes on, over bytes that window returned.
func (s *packStream) take(n int) { s.r += n }

// startObject starts the CRC-32 of the object whose header comes next.
func (s *packStream) startObject() {
	s.consume()
	s.crc = 0
}

// endObject is the CRC-32 of the object's bytes as stored.
func (s *packStream) endObject() uint32 {
	s.consume()
	return s.crc
}

// trailer reads the pack's closing checksum, checks it against the bytes
// read, and stores it; nothing may follow it.
func (s *packStream) trailer() (plumbing.Hash, error) {
	s.consume()
	if s.err != nil {
		return plumbing.ZeroHash, s.err
	}
	var want plumbing.Hash
	copy(want[:], s.sum.Sum(nil))
	s.trailing = true
	var got plumbing.Hash
	for i := range got {
		b, err := s.ReadByte()
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("the pack's checksum: %w", err)
		}
		got[i] = b
	}
	if s.consume(); s.err != nil {
		return plumbing.ZeroHash, s.err
	}
	if err := s.out.Flush(); err != nil {
		return plumbing.ZeroHash, err
	}
	if got != want {
		return plumbing.ZeroHash, fmt.Errorf("the pack's checksum is %s, its content's %s", got, want)
	}
	if s.r < s.w {
		return plumbing.ZeroHash, errors.New("data after the pack's checksum")
	}
	if n, _ := s.src.Read(s.buf[:1]); n > 0 {
		return plumbing.ZeroHash, errors.New("data after the pack's checksum")
	}
	return got, nil
}

// atReader reads the stored pack from any offset, buffered, as a byte
// reader for zlib.
type atReader struct {
	f    *os.File
	end  int64 // reads stop here (the trailer)
	buf  []byte
	pos  int64 // the pack offset of buf[0]
	r, w int
	head bool // the next fill starts an object: headRead is enough
}

func (a *atReader) seek(offset int64) {
	if offset >= a.pos && offset <= a.pos+int64(a.w) {
		a.r = int(offset - a.pos)
		return
	}
	a.pos, a.r, a.w = offset, 0, 0
	a.head = true
}

// readAhead is how much atReader reads at a time.
const readAhead = 16 << 10

// headRead is how much atReader reads at an object's start: its header
// and, for most objects the gate reads (commits, trees, deltas), its
// whole stream; window reads the rest of a larger one.
const headRead = 2 << 10

func (a *atReader) fill() error {
	if a.head {
		a.head = false
		return a.fillUpTo(headRead)
	}
	return a.fillUpTo(readAhead)
}

// fillUpTo reads up to n bytes from the current position (fewer at the
// pack's end), growing the buffer as needed.
func (a *atReader) fillUpTo(n int) error {
	if len(a.buf) < n {
		a.buf = make([]byte, max(n, readAhead))
	}
	a.head = false
	a.pos += int64(a.r)
	a.r, a.w = 0, 0
	if rest := a.end - a.pos; rest < int64(n) {
		n = int(rest)
	}
	if n <= 0 {
		return io.ErrUnexpectedEOF
	}
	m, err := a.f.ReadAt(a.buf[:n], a.pos)
	a.w = m
	if m == 0 {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
}

// maxWindow bounds the bytes window reads at once.
const maxWindow = 1 << 20

// window is the bytes buffered from the current position, read in if
// need be: at least n of them, or all that is left of the pack. ok is
// false for n over maxWindow, or when they cannot be read (the caller
// then reads byte by byte, and meets the error there). The position does
// not move.
func (a *atReader) window(n int64) (b []byte, ok bool) {
	if n > maxWindow {
		return nil, false
	}
	if int64(a.w-a.r) < n && a.pos+int64(a.w) < a.end {
		if err := a.fillUpTo(int(n)); err != nil {
			return nil, false
		}
	}
	if int64(a.w-a.r) < n && a.pos+int64(a.w) < a.end {
		return nil, false // a short read
	}
	return a.buf[a.r:a.w], true
}

func (a *atReader) ReadByte() (byte, error) {
	if a.r == a.w {
		if err := a.fill(); err != nil {
			return 0, err
		}
	}
	b := a.buf[a.r]
	a.r++
	return b, nil
}

func (a *atReader) Read(p []byte) (int, error) {
	if a.r == a.w {
		if err := a.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, a.buf[a.r:a.w])
	a.r += n
	return n, nil
}

// countingBuffer writes big-endian integers and bytes, buffered, keeping
// the first error.
type countingBuffer struct {
	w   *bufio.Writer
	err error
}

func newCountingBuffer(w io.Writer) *countingBuffer {
	return &countingBuffer{w: bufio.NewWriterSize(w, 64<<10)}
}

func (b *countingBuffer) write(p []byte) {
	if b.err == nil {
		_, b.err = b.w.Write(p)
	}
}

func (b *countingBuffer) u32(v uint32) {
	var x [4]byte
	binary.BigEndian.PutUint32(x[:], v)
	b.write(x[:])
}

func (b *countingBuffer) u64(v uint64) {
	var x [8]byte
	binary.BigEndian.PutUint64(x[:], v)
	b.write(x[:])
}

func (b *countingBuffer) flush() error {
	if b.err != nil {
		return b.err
	}
	return b.w.Flush()
}
