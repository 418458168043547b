package gitrepo

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// packRepo makes a repository whose history gives git's packer deltas to
// make: files edited a little at a time, over a few directories.
func packRepo(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	gittest.Git(t, filepath.Dir(dir), "init", "-q", "-b", "main", dir)
	var body strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&body, "line %d of a file that changes a little at a time\n", i)
	}
	text := body.String()
	for i := 0; i < 12; i++ {
		text = strings.Replace(text, fmt.Sprintf("line %d ", i*7), fmt.Sprintf("LINE %d (edit %d) ", i*7, i), 1)
		gittest.Commit(t, dir, fmt.Sprintf("pkg%d/file.go", i%3), text, fmt.Sprintf("edit %d", i))
	}
	return dir
}

// makePack runs git pack-objects in dir over rev-list args and returns
// the pack's bytes.
func makePack(t testing.TB, dir string, packArgs []string, revs string) []byte {
	t.Helper()
	cmd := exec.Command("git", append([]string{"pack-objects", "--stdout", "-q"}, packArgs...)...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), gittest.Env()...)
	cmd.Stdin = strings.NewReader(revs)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git pack-objects: %v", err)
	}
	return out
}

// TestIndexPackMatchesGit: the index indexPack writes is byte for byte
// the one git index-pack writes for the same pack, with deltas by offset
// and by name, and the stored pack is the pack received.
func TestIndexPackMatchesGit(t *testing.T) {
	t.Parallel()
	repo := packRepo(t)
	for name, args := range map[string][]string{
		"ofs-delta": {"--revs", "--delta-base-offset"},
		"ref-delta": {"--revs"},
		"no-delta":  {"--revs", "--depth=0"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pack := makePack(t, repo, args, "main\n")
			dir := t.TempDir()
			sum, n, err := indexPack(bytes.NewReader(pack), dir)
			if err != nil {
				t.Fatalf("indexPack: %v", err)
			}
			base := filepath.Join(dir, "pack-"+sum.String())
			stored, err := os.ReadFile(base + ".pack")
			if err != nil || !bytes.Equal(stored, pack) {
				t.Fatalf("the stored pack differs from the one received (%v)", err)
			}
			gittest.Git(t, dir, "index-pack", "-o", filepath.Join(dir, "git.idx"), base+".pack")
			ours, _ := os.ReadFile(base + ".idx")
			theirs, _ := os.ReadFile(filepath.Join(dir, "git.idx"))
			if len(ours) == 0 || !bytes.Equal(ours, theirs) {
				t.Errorf("the index differs from git's (%d bytes, git's %d)", len(ours), len(theirs))
			}
			if want := gittest.Git(t, repo, "rev-list", "--objects", "--count", "main"); fmt.Sprint(n) != want {
				t.Errorf("%d objects, git counts %s", n, want)
			}
			if entries, _ := filepath.Glob(filepath.Join(dir, "tmp_*")); len(entries) != 0 {
				t.Errorf("temporary files left: %q", entries)
			}
		})
	}
}

// TestIndexPackRefusesBrokenPacks: a pack cut short, one with a byte
// changed, and a thin pack (deltas against objects it does not hold) are
// errors, and leave nothing behind.
func TestIndexPackRefusesBrokenPacks(t *testing.T) {
	t.Parallel()
	repo := packRepo(t)
	pack := makePack(t, repo, []string{"--revs", "--delta-base-offset"}, "main\n")
	flipped := bytes.Clone(pack)
	flipped[len(flipped)/2] ^= 0x40
	thin := makePack(t, repo, []string{"--revs", "--thin", "--delta-base-offset"}, "main\n^main~3\n")
	for name, tc := range map[string]struct {
		pack []byte
		want string
	}{
		"cut short":     {pack[:len(pack)-100], ""},
		"byte flipped":  {flipped, ""},
		"trailing data": {append(bytes.Clone(pack), 'x'), "after the pack's checksum"},
		"thin":          {thin, "not in the pack"},
		"not a pack":    {[]byte("PACX\x00\x00\x00\x02\x00\x00\x00\x00"), "not a version 2 pack"},
	} {
		dir := t.TempDir()
		_, _, err := indexPack(bytes.NewReader(tc.pack), dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%s: files left behind: %v", name, left)
		}
	}
}

// TestApplyDelta: git's delta instructions, and the deltas that would
// read or write out of bounds.
func TestApplyDelta(t *testing.T) {
	t.Parallel()
	base := []byte("0123456789abcdef")
	for name, tc := range map[string]struct {
		delta []byte
		want  string // the result, or the error's words
		ok    bool
	}{
		"copy and insert":     {[]byte{16, 9, 0x91, 4, 4, 3, 'x', 'y', 'z', 0x90, 2}, "4567xyz01", true},
		"copy past the base":  {[]byte{16, 4, 0x91, 14, 4}, "copies out of range", false},
		"insert past the end": {[]byte{16, 2, 3, 'a', 'b', 'c'}, "inserts out of range", false},
		"wrong base size":     {[]byte{15, 1, 1, 'a'}, "made for a base of 15 bytes", false},
		"short result":        {[]byte{16, 5, 1, 'a'}, "made 1 bytes, it says 5", false},
		"instruction 0":       {[]byte{16, 1, 0}, "reserved instruction 0", false},
		"truncated header":    {[]byte{0x80}, "truncated delta header", false},
		"truncated copy":      {[]byte{16, 4, 0x91, 1}, "truncated copy", false},
	} {
		got, err := applyDelta(nil, base, tc.delta)
		switch {
		case tc.ok && (err != nil || string(got) != tc.want):
			t.Errorf("%s: %q, %v; want %q", name, got, err, tc.want)
		case !tc.ok && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %q, %v; want an error saying %q", name, got, err, tc.want)
		}
	}
}

// FuzzIndexPack: whatever a remote sends, indexPack answers with an index
// or an error, never a crash or a hang.
func FuzzIndexPack(f *testing.F) {
	pack := makePack(f, packRepo(f), []string{"--revs", "--delta-base-offset"}, "main~9..main\n")
	f.Add(pack)
	f.Add(pack[:len(pack)/2])
	f.Add([]byte("PACK\x00\x00\x00\x02\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, pack []byte) {
		_, _, _ = indexPack(bytes.NewReader(pack), t.TempDir())
	})
}

// TestIndexPackTwice: a pack the clone already has (fetched again) is
// kept as it is, and no temporary file is left.
func TestIndexPackTwice(t *testing.T) {
	t.Parallel()
	pack := makePack(t, packRepo(t), []string{"--revs", "--delta-base-offset"}, "main\n")
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		if _, _, err := indexPack(bytes.NewReader(pack), dir); err != nil {
			t.Fatalf("indexPack #%d: %v", i+1, err)
		}
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, filepath.Ext(e.Name()))
	}
	if strings.Join(names, " ") != ".idx .pack" {
		t.Errorf("files after fetching the same pack twice: %v", entries)
	}
}

// TestIndexPackAsItArrives: a pack read in pieces of any size (a byte at
// a time, half of what is asked, with the end of the stream on the last
// data) is indexed as the whole one is: the first pass reads ahead for
// its windows across reads.
func TestIndexPackAsItArrives(t *testing.T) {
	t.Parallel()
	pack := makePack(t, packRepo(t), []string{"--revs", "--delta-base-offset"}, "main\n")
	dir := t.TempDir()
	sum, _, err := indexPack(bytes.NewReader(pack), dir)
	if err != nil {
		t.Fatalf("indexPack: %v", err)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "pack-"+sum.String()+".idx"))
	for name, r := range map[string]func() io.Reader{
		"a byte at a time": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(pack)) },
		"half of each ask": func() io.Reader { return iotest.HalfReader(bytes.NewReader(pack)) },
		"EOF with data":    func() io.Reader { return iotest.DataErrReader(bytes.NewReader(pack)) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			got, _, err := indexPack(r(), dir)
			if err != nil || got != sum {
				t.Fatalf("indexPack = %s, %v; want %s", got, err, sum)
			}
			idx, _ := os.ReadFile(filepath.Join(dir, "pack-"+sum.String()+".idx"))
			if !bytes.Equal(idx, want) {
				t.Errorf("the index differs from the one made of the whole pack")
			}
		})
	}
}

// TestIndexPackBeyondTheBound: an object whose zlib stream is longer
// than deflatedBound allows (paddedStream) is inflated all the same, byte
// by byte, and gets git's name for it.
func TestIndexPackBeyondTheBound(t *testing.T) {
	t.Parallel()
	content := []byte("a small object\n")
	stream := paddedStream(t, content)
	pack := []byte("PACK\x00\x00\x00\x02\x00\x00\x00\x01")
	pack = append(pack, 0x30|byte(len(content))) // a blob, its size (under 16: one byte)
	pack = append(pack, stream...)
	sum := sha1.Sum(pack)
	pack = append(pack, sum[:]...)
	dir := t.TempDir()
	if _, count, err := indexPack(bytes.NewReader(pack), dir); err != nil || count != 1 {
		t.Fatalf("indexPack: %d objects, %v", count, err)
	}
	idx, _ := filepath.Glob(filepath.Join(dir, "*.idx"))
	if len(idx) != 1 {
		t.Fatalf("indexes: %v", idx)
	}
	p, err := openPackFile(idx[0])
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	want := plumbing.ComputeHash(plumbing.BlobObject, content)
	if _, ok := p.lookup(want); !ok {
		t.Errorf("the index does not name blob %s", want)
	}
}

// stallingReader answers every read after its data with nothing and no
// error, as a broken transport might.
type stallingReader struct{ data []byte }

func (r *stallingReader) Read(p []byte) (int, error) {
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestIndexPackWhenTheSourceFails: a source that fails halfway, or stops
// answering without saying so, ends the fetch with an error (its own, in
// the first case), not a hang, and leaves nothing behind.
func TestIndexPackWhenTheSourceFails(t *testing.T) {
	t.Parallel()
	pack := makePack(t, packRepo(t), []string{"--revs", "--delta-base-offset"}, "main\n")
	half := pack[:len(pack)/2]
	for name, tc := range map[string]struct {
		r    io.Reader
		want string
	}{
		"fails":  {io.MultiReader(bytes.NewReader(half), iotest.ErrReader(errors.New("connection reset"))), "connection reset"},
		"stalls": {&stallingReader{data: half}, "unexpected EOF"},
	} {
		dir := t.TempDir()
		_, _, err := indexPack(tc.r, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%s: files left behind: %v", name, left)
		}
	}
}
