package patchid

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// gitPatchIDs is the oracle: git patch-id --stable over git's own diff of
// each commit of the linear history of main against its parent (the
// first against the empty tree), by commit, computed by one pipeline for
// the whole history. A commit git gives no patch-id has none.
func gitPatchIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	cmd := exec.Command("sh", "-c", "git log --root -p --full-index --no-renames --format='commit %H' main | git patch-id --stable")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gittest.Env()...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if id, commit, ok := strings.Cut(line, " "); ok {
			ids[commit] = id
		}
	}
	return ids
}

// filesFromGit builds the File list of a commit with git plumbing, so
// this package is tested apart from hotlane's own tree walk.
func filesFromGit(t *testing.T, blobs *blobReader, parent, commit string) []File {
	t.Helper()
	raw := gittest.Git(t, blobs.dir, "diff-tree", "-r", "--no-renames", "--full-index", "-z", parent, commit)
	var files []File
	fields := strings.Split(strings.TrimSuffix(raw, "\x00"), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		oldMode, _ := strconv.ParseUint(meta[0], 8, 32)
		newMode, _ := strconv.ParseUint(meta[1], 8, 32)
		f := File{Path: fields[i+1], OldMode: uint32(oldMode), NewMode: uint32(newMode)}
		if f.OldMode != 0 {
			f.OldOID = meta[2]
			f.Old = blobs.read(t, meta[2])
		}
		if f.NewMode != 0 {
			f.NewOID = meta[3]
			f.New = blobs.read(t, meta[3])
		}
		files = append(files, f)
	}
	return files
}

// blobReader reads blobs through one git cat-file --batch process, rather
// than a process a blob.
type blobReader struct {
	dir string
	in  io.WriteCloser
	out *bufio.Reader
}

func newBlobReader(t *testing.T, dir string) *blobReader {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close(); _ = cmd.Wait() })
	return &blobReader{dir: dir, in: in, out: bufio.NewReader(out)}
}

func (b *blobReader) read(t *testing.T, oid string) []byte {
	t.Helper()
	if _, err := fmt.Fprintln(b.in, oid); err != nil {
		t.Fatalf("cat-file %s: %v", oid, err)
	}
	header, err := b.out.ReadString('\n')
	fields := strings.Fields(header)
	if err != nil || len(fields) != 3 || fields[0] != oid || fields[1] != "blob" {
		t.Fatalf("cat-file %s: %q, %v", oid, header, err)
	}
	size, _ := strconv.Atoi(fields[2])
	data := make([]byte, size+1) // the content and a line feed
	if _, err := io.ReadFull(b.out, data); err != nil {
		t.Fatalf("cat-file %s: %v", oid, err)
	}
	return data[:size]
}

// RandomHistory makes a repository at dir with n commits of random edits:
// additions, deletions, renames, binary files, files without a trailing
// newline, whitespace-only changes, mode changes and empty files. It
// returns the commits, oldest first.
func randomHistory(t *testing.T, dir string, n int, seed int64) []string {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	gittest.Git(t, dir, "init", "-q", "-b", "main")
	files := map[string][]string{}
	word := func() string { return []string{"alpha", "beta", "gamma", "delta", "return nil", "}", ""}[rng.Intn(7)] }
	newLines := func(k int) []string {
		var ls []string
		for i := 0; i < k; i++ {
			ls = append(ls, fmt.Sprintf("%s %d", word(), rng.Intn(1000)))
		}
		return ls
	}
	write := func(name string, lines []string, trailingNewline bool) {
		text := strings.Join(lines, "\n")
		if trailingNewline && len(lines) > 0 {
			text += "\n"
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files[name] = lines
	}
	names := func() []string {
		var out []string
		for k := range files {
			out = append(out, k)
		}
		sortStrings(out)
		return out
	}
	for c := 0; c < n; c++ {
		edits := 1 + rng.Intn(3)
		for e := 0; e < edits; e++ {
			existing := names()
			switch r := rng.Intn(10); {
			case r < 2 || len(existing) == 0:
				name := fmt.Sprintf("%s/f%d.txt", []string{"src", "docs", "src/deep", "é"}[rng.Intn(4)], rng.Intn(50))
				write(name, newLines(rng.Intn(30)), rng.Intn(5) != 0)
			case r < 6:
				name := existing[rng.Intn(len(existing))]
				lines := append([]string(nil), files[name]...)
				for k := 0; k < 1+rng.Intn(4); k++ {
					pos := 0
					if len(lines) > 0 {
						pos = rng.Intn(len(lines))
					}
					switch rng.Intn(4) {
					case 0:
						lines = append(lines[:pos], append(newLines(1+rng.Intn(3)), lines[pos:]...)...)
					case 1:
						if len(lines) > 0 {
							lines = append(lines[:pos], lines[pos+1:]...)
						}
					case 2:
						if len(lines) > 0 {
							lines[pos] = "  " + lines[pos] + " \t" // whitespace only
						}
					default:
						if len(lines) > 0 {
							lines[pos] = newLines(1)[0]
						}
					}
				}
				write(name, lines, rng.Intn(6) != 0)
			case r < 7:
				name := existing[rng.Intn(len(existing))]
				if err := os.Remove(filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
				delete(files, name)
			case r < 8:
				name := existing[rng.Intn(len(existing))]
				to := fmt.Sprintf("moved/r%d.txt", rng.Intn(1000))
				if _, taken := files[to]; taken {
					continue
				}
				if err := os.MkdirAll(filepath.Join(dir, "moved"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, to)); err != nil {
					t.Fatal(err)
				}
				files[to] = files[name]
				delete(files, name)
			case r < 9:
				name := fmt.Sprintf("bin/b%d.dat", rng.Intn(10))
				data := make([]byte, 20+rng.Intn(200))
				rng.Read(data)
				data[3] = 0
				if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			default:
				name := existing[rng.Intn(len(existing))]
				if rng.Intn(2) == 0 {
					if err := os.Chmod(filepath.Join(dir, name), 0o755); err != nil {
						t.Fatal(err)
					}
				} else {
					write(fmt.Sprintf("empty/e%d", rng.Intn(20)), nil, false)
				}
			}
		}
		gittest.Git(t, dir, "add", "-A")
		commit := exec.Command("git", "commit", "-q", "-m", fmt.Sprintf("commit %d", c))
		commit.Dir, commit.Env = dir, append(os.Environ(), gittest.Env()...)
		if out, err := commit.CombinedOutput(); err != nil {
			if strings.Contains(string(out), "nothing to commit") {
				continue // the edits cancelled out
			}
			t.Fatalf("git commit: %v\n%s", err, out)
		}
	}
	return strings.Fields(gittest.Git(t, dir, "rev-list", "--reverse", "main"))
}

// size is n commits of a random history, a third of them under -short:
// scripts/test (CI) runs the full sizes.
func size(n int) int {
	if testing.Short() {
		return n / 3
	}
	return n
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// TestPatchIDOracle compares hotlane's patch-id with git's for every
// commit of a random history. Disagreement is allowed only where git's
// indent heuristic places an ambiguous change (a group of lines that could
// slide) elsewhere than hotlane's plain compaction; at most 1%.
func TestPatchIDOracle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits := randomHistory(t, dir, size(150), 1)
	empty := gittest.Git(t, dir, "hash-object", "-t", "tree", "/dev/null")
	oracle, blobs := gitPatchIDs(t, dir), newBlobReader(t, dir)
	agree, total := 0, 0
	parent := empty
	for _, c := range commits {
		want := oracle[c]
		got := ID(filesFromGit(t, blobs, parent, c))
		total++
		if got == want {
			agree++
		} else {
			t.Logf("commit %s: hotlane %s, git %s", c[:12], got, want)
		}
		parent = c
	}
	if total < size(100) {
		t.Fatalf("only %d commits generated", total)
	}
	if agree*100 < total*99 {
		t.Errorf("patch-ids agree with git for %d of %d commits, want at least 99%%", agree, total)
	}
}

// TestFromDiffMatchesGit feeds git's own diff text to FromDiff: the
// parser alone, byte for byte against git patch-id --stable.
func TestFromDiffMatchesGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits := randomHistory(t, dir, size(60), 2)
	oracle := gitPatchIDs(t, dir)
	for i := 1; i < len(commits); i++ {
		text := gittest.Git(t, dir, "diff-tree", "-p", "--full-index", "--no-renames", commits[i-1], commits[i]) + "\n"
		if got, want := FromDiff(text), oracle[commits[i]]; got != want {
			t.Errorf("commit %s: FromDiff %s, git %s", commits[i][:12], got, want)
		}
	}
}

func TestDiffTextMatchesGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits := randomHistory(t, dir, size(60), 3)
	blobs := newBlobReader(t, dir)
	same := 0
	for i := 1; i < len(commits); i++ {
		want := gittest.Git(t, dir, "diff-tree", "-p", "--full-index", "--no-renames", "--no-indent-heuristic", commits[i-1], commits[i])
		var b strings.Builder
		for _, f := range filesFromGit(t, blobs, commits[i-1], commits[i]) {
			WriteDiff(&b, f)
		}
		got := stripHunkContext(strings.TrimSpace(b.String()))
		if got == stripHunkContext(want) {
			same++
		} else if testing.Verbose() {
			t.Logf("commit %s differs:\n--- hotlane\n%s\n--- git\n%s", commits[i][:12], got, want)
		}
	}
	if same != len(commits)-1 {
		t.Errorf("diff text equals git's for %d of %d commits", same, len(commits)-1)
	}
}

// stripHunkContext drops the function-name context git writes after a
// hunk header; patch-ids never read it.
func stripHunkContext(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "@@ ") {
			if end := strings.Index(l[3:], " @@"); end >= 0 {
				lines[i] = l[:3+end+3]
			}
		}
	}
	return strings.Join(lines, "\n")
}

func TestEmptyPatch(t *testing.T) {
	t.Parallel()
	if id := ID(nil); id != "" {
		t.Errorf("ID(nil) = %q", id)
	}
}

func TestQuotePath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"a/x.go": "a/x.go", "a/é": `"a/\303\251"`, `a/q"t`: `"a/q\"t"`, "a/t\tb": `"a/t\tb"`} {
		if got := quotePath(in); got != want {
			t.Errorf("quotePath(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestPartsCombineToID: for every commit of a random history (adds,
// deletes, binaries, mode changes, empty files), Combine of the files'
// parts is the commit's patch-id whenever every file has a part, and a
// change whose files do not all have one is left to ID.
func TestPartsCombineToID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits := randomHistory(t, dir, size(80), 4)
	empty := gittest.Git(t, dir, "hash-object", "-t", "tree", "/dev/null")
	blobs := newBlobReader(t, dir)
	parent := empty
	combined, fallback := 0, 0
	for _, c := range commits {
		files := filesFromGit(t, blobs, parent, c)
		parent = c
		var parts []Part
		all := true
		for _, f := range files {
			p, ok := FilePart(f)
			all = all && ok
			parts = append(parts, p)
		}
		if !all {
			fallback++
			continue
		}
		combined++
		if got, want := Combine(parts), ID(files); got != want {
			t.Errorf("commit %s: Combine %s, ID %s", c[:12], got, want)
		}
	}
	if combined < size(20) || fallback == 0 {
		t.Errorf("the history exercised %d combinable and %d other commits; want both kinds", combined, fallback)
	}
	if Combine(nil) != "" {
		t.Errorf("Combine(nil) = %q", Combine(nil))
	}
}

func TestChangedLines(t *testing.T) {
	lines, ok := ChangedLines([]byte("a\nb\nc\n"), []byte("a\nB\nc\nd\n"))
	if !ok || strings.Join(lines.Removed, "|") != "b" || strings.Join(lines.Added, "|") != "B|d" {
		t.Fatalf("ChangedLines = %q %q %v", lines.Removed, lines.Added, ok)
	}
	if _, ok := ChangedLines([]byte("a\x00b"), []byte("a")); ok {
		t.Fatal("a binary side compared by lines")
	}
}
