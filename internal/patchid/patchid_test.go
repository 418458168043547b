package patchid

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/gittest"
)

// gitPatchID is the oracle: git patch-id --stable over git's own diff.
func gitPatchID(t *testing.T, dir, parent, commit string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", fmt.Sprintf("git diff-tree -p --full-index --no-renames %s %s | git patch-id --stable", parent, commit))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gittest.Env()...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	return id
}

// filesFromGit builds the File list of a commit with git plumbing, so
// this package is tested apart from hotlane's own tree walk.
func filesFromGit(t *testing.T, dir, parent, commit string) []File {
	t.Helper()
	raw := gittest.Git(t, dir, "diff-tree", "-r", "--no-renames", "--full-index", "-z", parent, commit)
	var files []File
	fields := strings.Split(strings.TrimSuffix(raw, "\x00"), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		oldMode, _ := strconv.ParseUint(meta[0], 8, 32)
		newMode, _ := strconv.ParseUint(meta[1], 8, 32)
		f := File{Path: fields[i+1], OldMode: uint32(oldMode), NewMode: uint32(newMode)}
		if f.OldMode != 0 {
			f.OldOID = meta[2]
			f.Old = []byte(catBlob(t, dir, meta[2]))
		}
		if f.NewMode != 0 {
			f.NewOID = meta[3]
			f.New = []byte(catBlob(t, dir, meta[3]))
		}
		files = append(files, f)
	}
	return files
}

func catBlob(t *testing.T, dir, oid string) string {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "blob", oid)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cat-file %s: %v", oid, err)
	}
	return string(out)
}

// RandomHistory makes a repository at dir with n commits of random edits:
// additions, deletions, renames, binary files, files without a trailing
// newline, whitespace-only changes, mode changes and empty files. It
// returns the commits, oldest first.
func randomHistory(t *testing.T, dir string, n int, seed int64) []string {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	gittest.Git(t, dir, "init", "-q", "-b", "main")
	var commits []string
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
		if out := gittest.Git(t, dir, "status", "--porcelain"); out == "" {
			continue
		}
		gittest.Git(t, dir, "commit", "-q", "-m", fmt.Sprintf("commit %d", c))
		commits = append(commits, gittest.Git(t, dir, "rev-parse", "HEAD"))
	}
	return commits
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
	commits := randomHistory(t, dir, 150, 1)
	empty := gittest.Git(t, dir, "hash-object", "-t", "tree", "/dev/null")
	agree, total := 0, 0
	parent := empty
	for _, c := range commits {
		want := gitPatchID(t, dir, parent, c)
		got := ID(filesFromGit(t, dir, parent, c))
		total++
		if got == want {
			agree++
		} else {
			t.Logf("commit %s: hotlane %s, git %s", c[:12], got, want)
		}
		parent = c
	}
	if total < 100 {
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
	commits := randomHistory(t, dir, 60, 2)
	for i := 1; i < len(commits); i++ {
		text := gittest.Git(t, dir, "diff-tree", "-p", "--full-index", "--no-renames", commits[i-1], commits[i]) + "\n"
		if got, want := FromDiff(text), gitPatchID(t, dir, commits[i-1], commits[i]); got != want {
			t.Errorf("commit %s: FromDiff %s, git %s", commits[i][:12], got, want)
		}
	}
}

func TestDiffTextMatchesGit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits := randomHistory(t, dir, 60, 3)
	same := 0
	for i := 1; i < len(commits); i++ {
		want := gittest.Git(t, dir, "diff-tree", "-p", "--full-index", "--no-renames", "--no-indent-heuristic", commits[i-1], commits[i])
		var b strings.Builder
		for _, f := range filesFromGit(t, dir, commits[i-1], commits[i]) {
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
	commits := randomHistory(t, dir, 80, 4)
	empty := gittest.Git(t, dir, "hash-object", "-t", "tree", "/dev/null")
	parent := empty
	combined, fallback := 0, 0
	for _, c := range commits {
		files := filesFromGit(t, dir, parent, c)
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
	if combined < 20 || fallback == 0 {
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
