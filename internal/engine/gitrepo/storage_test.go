package gitrepo

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

func TestReadAlternates(t *testing.T) {
	t.Parallel()
	objects := filepath.Join(t.TempDir(), "objects")
	if err := os.MkdirAll(filepath.Join(objects, "info"), 0o755); err != nil {
		t.Fatal(err)
	}
	text := "# borrowed from the cache\n/srv/cache.git/objects\n\n  ../../other/.git/objects  \n"
	if err := os.WriteFile(filepath.Join(objects, "info", "alternates"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readAlternates(objects)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/srv/cache.git/objects", filepath.Join(filepath.Dir(filepath.Dir(objects)), "other", ".git", "objects")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alternates %q, want %q", got, want)
	}
	if dirs, err := readAlternates(t.TempDir()); err != nil || dirs != nil {
		t.Errorf("no alternates file: %q, %v", dirs, err)
	}
}

// TestAlternatesThatBorrowFromEachOther: two repositories whose alternates
// name each other (git tolerates the loop) open, and every object of both
// is readable once each directory is read.
func TestAlternatesThatBorrowFromEachOther(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	o := gittest.NewOrigin(t, work)
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	shared := filepath.Join(work, "shared")
	gittest.Git(t, work, "clone", "-q", "--shared", o.Clone, shared)
	loop := filepath.Join(shared, ".git", "objects") + "\n"
	if err := os.WriteFile(filepath.Join(o.Clone, ".git", "objects", "info", "alternates"), []byte(loop), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := openRepository(shared)
	if err != nil {
		t.Fatal(err)
	}
	defer closeRepository(repo)
	if _, err := repo.CommitObject(plumbing.NewHash(head)); err != nil {
		t.Errorf("the borrowed commit: %v", err)
	}
	if _, err := repo.CommitObject(plumbing.NewHash("0123456789012345678901234567890123456789")); err != plumbing.ErrObjectNotFound {
		t.Errorf("an object nobody has: %v, want object not found", err)
	}
}

// TestRedactorHidesEchoedCredentials: what servers echo back is redacted
// too: a token in a URL's query, a password, and a Basic authorization
// header (base64 of user:token).
func TestRedactorHidesEchoedCredentials(t *testing.T) {
	t.Parallel()
	r := NewRedactor("azure-bearer-1234567890")
	r.AddURL("https://hooks.example/deploy?token=hook-secret-42&env=dev")
	r.AddURL("https://jenkins:jenkins-pass-77@ci.example/job/x")
	basic := base64.StdEncoding.EncodeToString([]byte("x-access-token:azure-bearer-1234567890"))
	body := "401: bad credentials for https://hooks.example/deploy?token=hook-secret-42&env=dev (Authorization: Basic " + basic +
		", Bearer azure-bearer-1234567890) user jenkins:jenkins-pass-77"
	got := r.String(body)
	for _, secret := range []string{"hook-secret-42", "jenkins-pass-77", "azure-bearer-1234567890", basic} {
		if strings.Contains(got, secret) {
			t.Errorf("%q is still in %q", secret, got)
		}
	}
	if !strings.Contains(got, "env=dev") || !strings.Contains(got, "401: bad credentials") {
		t.Errorf("more than the secrets was hidden: %q", got)
	}
	if r.String("plain text, nothing secret in base64 like aGVsbG8gd29ybGQ=") != "plain text, nothing secret in base64 like aGVsbG8gd29ybGQ=" {
		t.Error("base64 that holds no secret was hidden")
	}
}

// TestObjectsWrittenDuringARunAreFound: the storage lists the object
// directories once (exclusiveAccess), so what hotlane itself writes while
// the clone is open must still be found: a tag object it creates, the
// objects a fetch brings, and objects an alternate lends.
func TestObjectsWrittenDuringARunAreFound(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	o := gittest.NewOrigin(t, work)
	gittest.Git(t, o.Clone, "repack", "-adq") // the clone's objects are packed: a loose miss is listed, not probed
	repo, err := Open(o.Clone, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	head, err := repo.ResolveCommit("HEAD") // reads through the lists before anything is written
	if err != nil {
		t.Fatal(err)
	}

	tag, err := repo.NewTag("prod-1", head, "Production release 1\n", repo.Tagger(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if msg, err := repo.TagMessage(tag); err != nil || msg != "Production release 1\n" {
		t.Errorf("the tag object written in this run: %q, %v", msg, err)
	}

	// someone pushes a new commit; the open clone fetches it and reads it
	other := filepath.Join(work, "other")
	gittest.Git(t, work, "clone", "-q", o.URL, other)
	next := gittest.Commit(t, other, "stock.go", "package shop\n", "feat: stock")
	gittest.Git(t, other, "push", "-q", "origin", "main")
	tip, err := repo.FetchBranch(context.Background(), "main")
	if err != nil || tip != next {
		t.Fatalf("FetchBranch = %s, %v; want %s", tip, err, next)
	}
	if _, err := repo.Repository().CommitObject(plumbing.NewHash(next)); err != nil {
		t.Errorf("the commit fetched in this run: %v", err)
	}
	if ok, err := repo.IsAncestor(head, next); err != nil || !ok {
		t.Errorf("IsAncestor(head, fetched) = %v, %v", ok, err)
	}
}

// TestBorrowedObjectsAreFoundWithListedDirectories: a clone that borrows
// every object (git clone --shared) reads them from the alternate, and a
// tag it writes itself is found beside them.
func TestBorrowedObjectsAreFoundWithListedDirectories(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	o := gittest.NewOrigin(t, work)
	shared := filepath.Join(work, "shared")
	gittest.Git(t, work, "clone", "-q", "--shared", o.Clone, shared)
	gittest.Git(t, o.Clone, "repack", "-adq")
	head := gittest.Git(t, shared, "rev-parse", "HEAD")
	repo, err := Open(shared, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Repository().CommitObject(plumbing.NewHash(head))
	if err != nil {
		t.Fatalf("the borrowed commit: %v", err)
	}
	if _, err := c.File("price.go"); err != nil {
		t.Errorf("a borrowed blob: %v", err)
	}
	tag, err := repo.NewTag("prod-2", head, "Production release 2\n", repo.Tagger(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.PeelLocal(tag); err != nil {
		t.Errorf("the tag written beside borrowed objects: %v", err)
	}
}

// TestHasEncodedObjectFindsPackedObjects: with the object directories
// listed once, go-git's HasEncodedObject answers only for loose objects;
// the clone's storage answers for packed ones, borrowed ones and loose
// ones alike.
func TestHasEncodedObjectFindsPackedObjects(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	o := gittest.NewOrigin(t, work)
	packed := gittest.Git(t, o.Clone, "rev-parse", "HEAD~1")
	gittest.Git(t, o.Clone, "repack", "-adq")
	loose := gittest.Commit(t, o.Clone, "stock.go", "package shop\n", "feat: stock")
	shared := filepath.Join(work, "shared")
	gittest.Git(t, work, "clone", "-q", "--shared", o.Clone, shared)
	for _, dir := range []string{o.Clone, shared} {
		repo, err := openRepository(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{packed, loose} {
			if err := repo.Storer.HasEncodedObject(plumbing.NewHash(h)); err != nil {
				t.Errorf("%s: HasEncodedObject(%s) = %v", filepath.Base(dir), h, err)
			}
		}
		if err := repo.Storer.HasEncodedObject(plumbing.NewHash("0123456789012345678901234567890123456789")); err != plumbing.ErrObjectNotFound {
			t.Errorf("%s: HasEncodedObject of an object nobody has = %v", filepath.Base(dir), err)
		}
		_ = closeRepository(repo)
	}
}
