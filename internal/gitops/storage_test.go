package gitops

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/gittest"
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
