package lanescan

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/storage"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// oneGoroutine is a storage that reads on the caller's goroutine only:
// it hides the readers for other goroutines (NewObjectReader) and keeps
// the rest.
type oneGoroutine struct {
	storage.Storer
	objectInto
}

// TestReadingAheadChangesNothing: with the files' versions read ahead on
// every core (gitrepo's storage, packed histories with delta chains), the
// collected input is what the collector's own goroutine reads: the same
// relations, patch-ids and verdicts, on histories with adapted copies,
// squashes, picks and a hotfix of two files; and the reading ahead did
// happen.
func TestReadingAheadChangesNothing(t *testing.T) {
	t.Parallel()
	readAhead := 0
	for seed := int64(1); seed <= 4; seed++ {
		dir := t.TempDir()
		randomLanes(t, dir, rand.New(rand.NewSource(seed)))
		adaptedCopies(t, dir)
		// packed, with deltas: what readers of the packs read
		gittest.Git(t, dir, "repack", "-a", "-d", "-f", "-q", "--depth=20", "--window=20")

		repo, err := gitrepo.OpenClone(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = gitrepo.CloseClone(repo) })
		if _, ok := repo.Storer.(objectReaders); !ok {
			t.Fatal("gitrepo's storage has no readers for other goroutines")
		}
		ahead, err := New(repo)
		if err != nil {
			t.Fatal(err)
		}
		ahead.minReadAhead = 1 // every step reads ahead, however little
		got := collectMain(t, repo, ahead)
		readAhead += ahead.readAhead

		serialRepo, err := git.Open(oneGoroutine{repo.Storer, repo.Storer.(objectInto)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		serial, err := New(serialRepo)
		if err != nil {
			t.Fatal(err)
		}
		want := collectMain(t, serialRepo, serial)
		if serial.readAhead != 0 {
			t.Fatalf("seed %d: %d changes read ahead without readers", seed, serial.readAhead)
		}

		if !reflect.DeepEqual(got.Relations, want.Relations) {
			t.Errorf("seed %d: relations read ahead\n%v\nread on one goroutine\n%v", seed, got.Relations, want.Relations)
		}
		got.Reading, want.Reading = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("seed %d: the input collected reading ahead differs from one goroutine's", seed)
		}
		if g, w := verdict.Analyze(got), verdict.Analyze(want); !reflect.DeepEqual(g, w) {
			t.Errorf("seed %d: verdicts reading ahead\n%v\non one goroutine\n%v", seed, verdicts(g), verdicts(w))
		}
	}
	if readAhead == 0 {
		t.Fatal("no change was read ahead: the test did not exercise prefetch")
	}
	t.Logf("%d file changes read ahead", readAhead)
}

// adaptedCopies brings the first hotfixes of hotfix/1 to main as adapted
// copies: picked with -x, one more line added, and as copies that keep
// the subject without the trailer; relating them reads their lines.
func adaptedCopies(t *testing.T, dir string) {
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	// and a hotfix of two files, on a lane
	g("checkout", "-q", "hotfix/1")
	for _, f := range []string{"a.txt", "d/e.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(g("show", "HEAD:"+f)+"\na fix of two files\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g("commit", "-q", "-a", "-m", "fix two files")
	g("checkout", "-q", "main")
	shas := strings.Fields(g("rev-list", "--reverse", "--no-merges", "prod-1..hotfix/1"))
	for i, sha := range shas[:min(6, len(shas))] {
		if _, err := gittest.RunGit(dir, "cherry-pick", "--no-commit", sha); err != nil {
			g("reset", "-q", "--hard") // a conflict
			continue
		}
		files := strings.Fields(g("diff", "--cached", "--name-only"))
		if len(files) == 0 { // on main already
			g("reset", "-q", "--hard")
			continue
		}
		file := files[0]
		body := g("show", ":"+file)
		gittest.Commit(t, dir, file, body+fmt.Sprintf("\nadapted %d for main\n", i), g("log", "-1", "--format=%s", sha))
		if i%2 == 0 {
			g("commit", "--amend", "-q", "-m", g("log", "-1", "--format=%s", sha)+"\n\n(cherry picked from commit "+sha+")")
		}
	}
}
