package gitrepo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

func TestPushCreateNeverMovesARef(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	first := gittest.Git(t, o.Clone, "rev-parse", "HEAD~1")
	repo, err := Open(o.Clone, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// someone else creates the tag after hotlane read the remote
	gittest.Git(t, o.Clone, "push", "-q", "origin", first+":refs/tags/prod-1")
	before := gittest.Refs(t, o.Bare)

	tag, err := repo.NewTag("prod-1", head, "Production release 1\n", repo.Tagger(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := repo.PushCreate(ctx, []Create{{Ref: "refs/tags/prod-1", Hash: tag}, {Ref: "refs/heads/hotfix/1", Hash: head}}, nil)
	if err == nil {
		t.Fatalf("push over an existing tag succeeded: %+v", res)
	}
	if !strings.Contains(err.Error(), "refs/tags/prod-1") {
		t.Errorf("error does not name the ref: %v", err)
	}
	if after := gittest.Refs(t, o.Bare); after != before {
		t.Errorf("the remote changed:\nbefore\n%s\nafter\n%s", before, after)
	}
	if !res.Atomic {
		t.Errorf("git-receive-pack supports atomic pushes, the result says not")
	}
}

func TestReadRemotePeelsTagsAndFindsHead(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	gittest.Git(t, o.Clone, "tag", "-a", "-m", "annotated", "v1")
	gittest.Git(t, o.Clone, "tag", "light")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "v1", "light")
	repo, err := Open(o.Clone, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := repo.ReadRemote(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v1, ok := st.Ref("refs/tags/v1")
	if !ok || !v1.Annotated() || v1.Commit() != head || v1.Hash == head {
		t.Errorf("annotated tag v1 = %+v, want peeled to %s", v1, head)
	}
	light, ok := st.Ref("refs/tags/light")
	if !ok || light.Annotated() || light.Commit() != head {
		t.Errorf("lightweight tag = %+v", light)
	}
	if st.HeadBranch != "main" {
		t.Errorf("HeadBranch = %q, want main", st.HeadBranch)
	}
}

func TestReadRemoteOfEmptyRepository(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	gittest.Git(t, dir, "init", "-q", "--bare", "empty.git")
	gittest.Git(t, dir, "init", "-q", "clone")
	gittest.Git(t, dir+"/clone", "remote", "add", "origin", "file://"+dir+"/empty.git")
	repo, err := Open(dir+"/clone", "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := repo.ReadRemote(context.Background())
	if err != nil || len(st.Refs) != 0 {
		t.Errorf("ReadRemote of an empty repository = %v, %v", st, err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	if _, err := Open(t.TempDir(), "origin", Credentials{}); err == nil || !strings.Contains(err.Error(), "--repo") {
		t.Errorf("Open outside a clone: %v", err)
	}
	o := gittest.NewOrigin(t, t.TempDir())
	if _, err := Open(o.Clone, "upstream", Credentials{}); err == nil || !strings.Contains(err.Error(), "remotes: origin") {
		t.Errorf("Open with an unknown remote: %v", err)
	}
}

func TestRedactor(t *testing.T) {
	t.Parallel()
	r := NewRedactor("tok-123456", "")
	r.AddURL("https://ci:pa%2Fss-9999@example.com/x.git")
	r.AddURL("https://bare-token-777@example.com/x.git")
	got := r.String("tok-123456 pa/ss-9999 pa%2Fss-9999 bare-token-777")
	if strings.ContainsAny(strings.ReplaceAll(got, "***", ""), "0123456789") {
		t.Errorf("secrets left in %q", got)
	}
	if u := r.URL("https://ci:pa%2Fss-9999@example.com/x.git"); u != "https://example.com/x.git" {
		t.Errorf("URL() = %q", u)
	}
}

func TestDefaultTokenUser(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]string{"github.com": "x-access-token", "gitlab.com": "oauth2", "gitlab.acme.io": "oauth2",
		"bitbucket.org": "x-token-auth", "dev.azure.com": "x-access-token"} {
		if got := defaultTokenUser(host); got != want {
			t.Errorf("defaultTokenUser(%s) = %s, want %s", host, got, want)
		}
	}
}

func TestSSHKeyProblemsAreReportedAtOpen(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Git(t, o.Clone, "remote", "set-url", "origin", "git@git.example.com:acme/shop.git")
	_, err := Open(o.Clone, "origin", Credentials{SSHKey: "/nonexistent/id_ed25519"})
	if err == nil || !strings.Contains(err.Error(), "SSH key /nonexistent/id_ed25519") {
		t.Errorf("Open with a missing SSH key: %v", err)
	}
}

// TestResolveCommitNamesWhatIsNotACommit: a tree, a blob or a name that
// does not exist is a BadRevisionError that says which.
func TestResolveCommitNamesWhatIsNotACommit(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	repo, err := Open(o.Clone, "origin", Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	for rev, want := range map[string]string{
		gittest.Git(t, o.Clone, "rev-parse", "HEAD:price.go"): "is a blob, not a commit",
		gittest.Git(t, o.Clone, "rev-parse", "HEAD^{tree}"):   "is a tree, not a commit",
		"HEAD^{tree}": "names a tree, not a commit",
		"nosuchref":   `commit "nosuchref" not found`,
	} {
		_, err := repo.ResolveCommit(rev)
		var bad *BadRevisionError
		if !errors.As(err, &bad) || !strings.Contains(err.Error(), want) {
			t.Errorf("ResolveCommit(%q): %v, want a BadRevisionError saying %q", rev, err, want)
		}
	}
	for _, rev := range []string{"", "HEAD", "main", head, "HEAD^{commit}", head[:12]} {
		if got, err := repo.ResolveCommit(rev); err != nil || got != head {
			t.Errorf("ResolveCommit(%q) = %s, %v; want %s", rev, got, err, head)
		}
	}
}

// TestRedactorUnparseableURLs: a URL that does not parse is still
// redacted: its user information and credential-like query values are
// hidden wherever they appear, and URL() leaves them out.
func TestRedactorUnparseableURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, url string
		secrets  []string
	}{
		{"https://x-access-token:s3cr3t-tok%zz@github.com/a/b.git", "https://github.com/a/b.git", []string{"s3cr3t-tok%zz"}},
		{"https://user:pa55word@exa mple.com/a.git", "https://exa mple.com/a.git", []string{"pa55word"}},
		{"https://glpat-token1234@exa mple.com/a.git", "https://exa mple.com/a.git", []string{"glpat-token1234"}},
		{"https://u:p@ss@w0rd@host%zz/a.git", "https://host%zz/a.git", []string{"p@ss@w0rd"}},
		{"https://host%zz/hook?id=7&access_token=q-secret-1&sig=q-secret-2#frag", "https://host%zz/hook?id=7&access_token=***&sig=***#frag", []string{"q-secret-1", "q-secret-2"}},
		{"http://[::1:u:p4ssw0rd@x/y", "http://x/y", []string{"p4ssw0rd"}},
	}
	for _, tt := range tests {
		r := NewRedactor()
		r.AddURL(tt.raw)
		if got := r.URL(tt.raw); got != tt.url {
			t.Errorf("URL(%q) = %q, want %q", tt.raw, got, tt.url)
		}
		for _, secret := range tt.secrets {
			if got := r.String("fatal: " + tt.raw + " and " + secret); strings.Contains(got, secret) {
				t.Errorf("String kept %q: %q", secret, got)
			}
		}
	}
}

// TestOpenNeverEchoesAnUnparseableRemote: the parser's error quotes the
// URL; what Open says has its credentials hidden.
func TestOpenNeverEchoesAnUnparseableRemote(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Git(t, o.Clone, "remote", "set-url", "origin", "https://x-access-token:ghs_s3cr3tT0ken%zz@github.com/acme/shop.git")
	_, err := Open(o.Clone, "origin", Credentials{})
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "invalid URL https://github.com/acme/shop.git") {
		t.Errorf("Open of an unparseable remote: %v", err)
	}
}
