package gitrepo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"os"
	"path/filepath"
	"testing"
)

// paddedStream is a zlib stream of content longer than deflatedBound
// allows: 40 empty stored blocks (which a writer may emit), then one
// final stored block with the content, and the checksum.
func paddedStream(t *testing.T, content []byte) []byte {
	t.Helper()
	stream := []byte{0x78, 0x01}
	for range 40 {
		stream = append(stream, 0x00, 0x00, 0x00, 0xff, 0xff)
	}
	n := uint16(len(content))
	stream = append(stream, 0x01, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
	stream = append(stream, content...)
	stream = binary.BigEndian.AppendUint32(stream, adler32.Checksum(content))
	if int64(len(stream)) <= deflatedBound(int64(len(content))) {
		t.Fatalf("the padded stream (%d bytes) is within the bound: it tests nothing", len(stream))
	}
	return stream
}

// TestInflateAtBeyondTheBound: a zlib stream longer than deflatedBound
// allows (here padded with empty stored blocks, which a writer may emit)
// is still inflated whole, through the byte-by-byte path; one within the
// bound is inflated from the window; both leave the reader just past
// their stream, and a truncated stream is an error either way.
func TestInflateAtBeyondTheBound(t *testing.T) {
	content := []byte("a small object\n")
	var normal bytes.Buffer
	w := zlib.NewWriter(&normal)
	w.Write(content)
	w.Close()

	padded := paddedStream(t, content)

	for name, stream := range map[string][]byte{"within the bound": normal.Bytes(), "beyond it": padded} {
		t.Run(name, func(t *testing.T) {
			marker := []byte("NEXT")
			file := filepath.Join(t.TempDir(), "pack")
			if err := os.WriteFile(file, append(append(append([]byte("PACK"), stream...), marker...), make([]byte, 20)...), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			at := &atReader{f: f, end: fi.Size() - 20}
			at.seek(4)
			var z inflater
			got, err := z.inflateAt(nil, at, int64(len(content)))
			if err != nil || !bytes.Equal(got, content) {
				t.Fatalf("inflateAt = %q, %v; want %q", got, err, content)
			}
			next := make([]byte, len(marker))
			if _, err := at.Read(next); err != nil || !bytes.Equal(next, marker) {
				t.Errorf("after the stream the reader is at %q (%v), want %q", next, err, marker)
			}

			at = &atReader{f: f, end: 4 + int64(len(stream)) - 3} // the checksum cut short
			at.seek(4)
			if got, err := z.inflateAt(nil, at, int64(len(content))); err == nil {
				t.Errorf("a truncated stream inflated to %q without an error", got)
			}
		})
	}
}
