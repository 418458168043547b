package gitrepo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// catAll is every object of the repository at dir as git reads it:
// name -> type and content.
func catAll(t *testing.T, dir string) map[plumbing.Hash]packedObject {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	objects := map[plumbing.Hash]packedObject{}
	r := bufio.NewReader(bytes.NewReader(out))
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			return objects
		}
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(line)
		size, _ := strconv.Atoi(f[2])
		data := make([]byte, size+1) // and the newline after it
		if _, err := io.ReadFull(r, data); err != nil {
			t.Fatal(err)
		}
		typ, err := plumbing.ParseObjectType(f[1])
		if err != nil {
			t.Fatal(err)
		}
		h := plumbing.NewHash(f[0])
		objects[h] = packedObject{h: h, t: typ, data: data[:size]}
	}
}

// deltaHistory makes a clone whose packs hold long delta chains: a file
// edited in many small steps, then packed with offset deltas and again
// (the newest commits) with deltas that name their base by hash.
func deltaHistory(t *testing.T) string {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	var text strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&text, "line %d: the price of item %d is %d\n", i, i, i*7)
		gittest.Commit(t, o.Clone, "prices.txt", text.String(), fmt.Sprintf("prices: item %d", i))
	}
	gittest.Git(t, o.Clone, "repack", "-adfq", "--depth=50", "--window=50")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&text, "late line %d\n", i)
		gittest.Commit(t, o.Clone, "prices.txt", text.String(), fmt.Sprintf("prices: late %d", i))
	}
	// the loose objects into a second pack whose deltas name bases by hash
	pack := filepath.Join(o.Clone, ".git", "objects", "pack", "pack")
	cmd := exec.Command("sh", "-c", "git rev-list --objects --all | git pack-objects -q --no-delta-base-offset --depth=50 --window=50 "+pack)
	cmd.Dir = o.Clone
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	gittest.Git(t, o.Clone, "prune-packed")
	gittest.Commit(t, o.Clone, "loose.txt", "a loose object\n", "one loose commit")
	return o.Clone
}

// TestPackSetReadsWhatGitReads: every packed object, read through the
// packs directly (offset and hash deltas, chains served from the cache
// and not), is the type and content git reads, with the size git says.
func TestPackSetReadsWhatGitReads(t *testing.T) {
	t.Parallel()
	clone := deltaHistory(t)
	want := catAll(t, clone)
	for _, cacheSize := range []int{0, 1 << 20} {
		s := openPackSet(filepath.Join(clone, ".git", "objects"), newOffsetCache(cacheSize))
		if len(s.packs) != 2 || !s.complete {
			t.Fatalf("%d packs (complete %v), want both", len(s.packs), s.complete)
		}
		read := 0
		for h, w := range want {
			obj, err := s.object(plumbing.AnyObject, h)
			if err == errNotPacked {
				continue // loose
			}
			if err != nil {
				t.Fatalf("%s: %v", h, err)
			}
			read++
			r, _ := obj.Reader()
			data, _ := io.ReadAll(r)
			if obj.Type() != w.t || obj.Hash() != h || !bytes.Equal(data, w.data) {
				t.Errorf("%s: %s of %d bytes, git reads %s of %d bytes", h, obj.Type(), len(data), w.t, len(w.data))
			}
			if size, err := s.size(h); err != nil || size != int64(len(w.data)) {
				t.Errorf("%s: size %d, %v; want %d", h, size, err, len(w.data))
			}
		}
		if read < len(want)-4 {
			t.Errorf("read %d of %d objects from the packs", read, len(want))
		}
		if err := s.close(); err != nil {
			t.Fatal(err)
		}
	}
}

// openForTest opens the clone at dir through hotlane's storage, closed
// when the test ends.
func openForTest(t *testing.T, dir string) *git.Repository {
	t.Helper()
	repo, err := openRepository(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = closeRepository(repo) })
	return repo
}

// TestLayeredStorageAnswersWithoutGoGitsIndex: through the clone's
// storage, a loose object is read (go-git reads it), a packed object is
// read with the type asked, another type is "not found", and an object
// nobody has is "not found".
func TestLayeredStorageAnswersWithoutGoGitsIndex(t *testing.T) {
	t.Parallel()
	clone := deltaHistory(t)
	want := catAll(t, clone)
	repo := openForTest(t, clone)
	for h, w := range want {
		obj, err := repo.Storer.EncodedObject(w.t, h)
		if err != nil || obj.Hash() != h || obj.Type() != w.t || obj.Size() != int64(len(w.data)) {
			t.Fatalf("%s: %v", h, err)
		}
		other := plumbing.BlobObject
		if w.t == plumbing.BlobObject {
			other = plumbing.TreeObject
		}
		if _, err := repo.Storer.EncodedObject(other, h); err != plumbing.ErrObjectNotFound {
			t.Errorf("%s asked as a %s: %v, want object not found", h, other, err)
		}
	}
	nobody := plumbing.NewHash("0123456789012345678901234567890123456789")
	if _, err := repo.Storer.EncodedObject(plumbing.AnyObject, nobody); err != plumbing.ErrObjectNotFound {
		t.Errorf("an object nobody has: %v, want object not found", err)
	}
	if err := repo.Storer.HasEncodedObject(nobody); err != plumbing.ErrObjectNotFound {
		t.Errorf("has an object nobody has: %v, want object not found", err)
	}
}

// TestParseIndexRefusesBrokenIndexes: an index that is not version 2, is
// cut short, or whose fan-out table goes backwards is not read (go-git
// then reads the pack, or says what is wrong).
func TestParseIndexRefusesBrokenIndexes(t *testing.T) {
	t.Parallel()
	good := make([]byte, 8+1024+28+40)
	copy(good, []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	for i := 0; i < 256; i++ {
		good[8+4*i+3] = 1 // one object, named 00...
	}
	if p, err := parseIndex(good); err != nil || p.count != 1 {
		t.Fatalf("a well-formed index of one object: %v", err)
	}
	version1 := bytes.Clone(good)
	version1[7] = 1
	backwards := bytes.Clone(good)
	backwards[8+4*200+3] = 0
	large := bytes.Clone(good)
	large[8+1024+24] = 0x80 // its offset is in the large table, which is empty
	for name, b := range map[string][]byte{
		"version 1":   version1,
		"cut short":   good[:len(good)-1],
		"backwards":   backwards,
		"empty":       nil,
		"only header": good[:8],
	} {
		if _, err := parseIndex(b); err == nil {
			t.Errorf("%s: read", name)
		}
	}
	p, err := parseIndex(large)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.lookup(plumbing.ZeroHash); ok {
		t.Error("an offset past the large-offset table was read")
	}
}

// TestHashesWithPrefixFromThePacksAndLooseObjects: abbreviated names are
// expanded from both packs and the loose objects, each name once, and an
// abbreviation resolves as git resolves it.
func TestHashesWithPrefixFromThePacksAndLooseObjects(t *testing.T) {
	t.Parallel()
	clone := deltaHistory(t)
	want := catAll(t, clone)
	repo := openForTest(t, clone)
	st := repo.Storer.(interface {
		HashesWithPrefix([]byte) ([]plumbing.Hash, error)
	})
	for h := range want {
		for _, n := range []int{1, 2, 20} {
			got, err := st.HashesWithPrefix(h[:n])
			if err != nil {
				t.Fatal(err)
			}
			expected := 0
			for w := range want {
				if bytes.HasPrefix(w[:], h[:n]) {
					expected++
				}
			}
			if len(got) != expected {
				t.Errorf("prefix %x: %d names, git has %d", h[:n], len(got), expected)
			}
		}
	}
	head := gittest.Git(t, clone, "rev-parse", "HEAD")
	packed := gittest.Git(t, clone, "rev-parse", "HEAD~3")
	for _, full := range []string{head, packed} {
		short := gittest.Git(t, clone, "rev-parse", "--short=8", full)
		got, err := repo.ResolveRevision(plumbing.Revision(short))
		if err != nil || got.String() != full {
			t.Errorf("%s resolves to %v, %v; git says %s", short, got, err, full)
		}
	}
}

// TestObjectIntoReadsWhatGitReads: every object read into one reused
// buffer is git's content while the buffer is not used again; an object
// made for it is in the caller's memory (owned) and not kept in the
// cache, one the cache holds is returned from there (not owned), another
// type is "not found", and a loose blob is read by go-git (not owned).
func TestObjectIntoReadsWhatGitReads(t *testing.T) {
	t.Parallel()
	clone := deltaHistory(t)
	want := catAll(t, clone)
	repo := openForTest(t, clone)
	s := repo.Storer.(*layeredStorage)
	var buf []byte
	blobs, owned := 0, 0
	for h, w := range want {
		if w.t != plumbing.BlobObject {
			if _, _, err := s.ObjectInto(plumbing.BlobObject, h, buf[:0]); err != plumbing.ErrObjectNotFound {
				t.Errorf("%s, a %s, read as a blob: %v, want not found", h, w.t, err)
			}
		}
		data, mine, err := s.ObjectInto(w.t, h, buf[:0])
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		if !bytes.Equal(data, w.data) {
			t.Errorf("%s: %d bytes unlike git's %d", h, len(data), len(w.data))
		}
		if w.t == plumbing.BlobObject {
			blobs++
		}
		if mine {
			if w.t == plumbing.BlobObject {
				owned++
			}
			buf = data[:0] // reused for the next object: its content must not be kept
			if p, off, ok := s.packs[0].find(h); !ok {
				t.Errorf("%s: owned, but in no pack", h)
			} else if _, _, cached := s.offsets.get(p, off); cached {
				t.Errorf("%s: made for the caller, and kept in the cache too", h)
			}
		}
	}
	if blobs < 30 || owned < blobs/2 { // not owned: the loose one, and bases the cache kept
		t.Errorf("%d blobs, %d of them made into the caller's memory", blobs, owned)
	}
	// a blob the cache holds (read as a delta base, or by EncodedObject)
	// is answered from it, never as the caller's
	for h, w := range want {
		if w.t != plumbing.BlobObject {
			continue
		}
		if _, err := s.EncodedObject(plumbing.BlobObject, h); err != nil {
			t.Fatal(err)
		}
		data, mine, err := s.ObjectInto(plumbing.BlobObject, h, make([]byte, 0, 1<<20))
		if err != nil || mine || !bytes.Equal(data, w.data) {
			t.Errorf("%s, cached: owned %v, %v, content git's: %v", h, mine, err, bytes.Equal(data, w.data))
		}
	}
	// the loose blob of the last commit: go-git's
	loose := gittest.Git(t, clone, "rev-parse", "HEAD:loose.txt")
	data, mine, err := s.ObjectInto(plumbing.BlobObject, plumbing.NewHash(strings.TrimSpace(loose)), nil)
	if err != nil || mine || string(data) != "a loose object\n" {
		t.Errorf("the loose blob: %q, owned %v, %v", data, mine, err)
	}
}

// TestObjectReadersReadBesideTheStorage: readers for other goroutines read
// every packed object as git does while the storage itself reads on its
// own goroutine, all through one small shared cache (entries pushed out
// under a reader's feet); an object the packs lack (loose) is an error
// for the storage to answer, which it does. Run with the race detector.
func TestObjectReadersReadBesideTheStorage(t *testing.T) {
	t.Parallel()
	clone := deltaHistory(t)
	want := catAll(t, clone)
	repo := openForTest(t, clone)
	st := repo.Storer.(*layeredStorage)
	st.offsets.mu.Lock()
	st.offsets.limit = 8 << 10 // a few objects: evictions while others read
	st.offsets.mu.Unlock()
	names := make([]plumbing.Hash, 0, len(want))
	for h := range want {
		names = append(names, h)
	}
	loose := func(h plumbing.Hash) bool {
		_, err := os.Stat(filepath.Join(clone, ".git", "objects", h.String()[:2], h.String()[2:]))
		return err == nil
	}
	read := func(r ObjectReader, order []plumbing.Hash) error {
		var buf []byte
		for _, h := range order {
			w := want[h]
			data, owned, err := r.ObjectInto(w.t, h, buf[:0])
			if loose(h) {
				if err == nil {
					return fmt.Errorf("%s is loose, and a reader of the packs read it", h)
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %v", h, err)
			}
			if !bytes.Equal(data, w.data) {
				return fmt.Errorf("%s: %d bytes unlike git's %d", h, len(data), len(w.data))
			}
			if owned {
				buf = data[:0]
			}
		}
		return nil
	}
	reversed := slices.Clone(names)
	slices.Reverse(reversed)
	errs := make(chan error, 3)
	for _, order := range [][]plumbing.Hash{names, reversed} {
		r := st.NewObjectReader()
		go func() { errs <- read(r, order) }()
	}
	go func() { // the storage itself, loose objects included
		var buf []byte
		for _, h := range names {
			data, owned, err := st.ObjectInto(want[h].t, h, buf[:0])
			if err != nil || !bytes.Equal(data, want[h].data) {
				errs <- fmt.Errorf("the storage read %s: %v (%d bytes, want %d)", h, err, len(data), len(want[h].data))
				return
			}
			if owned {
				buf = data[:0]
			}
		}
		errs <- nil
	}()
	for range 3 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := len(names); n < 90 {
		t.Fatalf("only %d objects: the history is not what the test needs", n)
	}
}
