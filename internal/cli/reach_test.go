package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// countingRemote serves the origin over smart HTTP (git http-backend)
// through a proxy that logs what each request is for.
type countingRemote struct {
	mu  sync.Mutex
	log []string
}

func (c *countingRemote) record(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	what := r.Method + " " + filepath.Base(r.URL.Path)
	if svc := r.URL.Query().Get("service"); svc != "" {
		what += "?service=" + svc
	}
	c.log = append(c.log, what)
}

func (c *countingRemote) reset() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	log := c.log
	c.log = nil
	return log
}

// reads are the upload-pack advertisements the remote sent that no fetch
// followed: ls-remote reads of its refs. A fetch asks for an advertisement
// and then posts its wants.
func reads(log []string) int {
	n := 0
	for _, l := range log {
		switch l {
		case "GET refs?service=git-upload-pack":
			n++
		case "POST git-upload-pack":
			n--
		}
	}
	return n
}

// serveOrigin serves o's bare repository over HTTP behind a counting proxy
// and points o's clone at it.
func serveOrigin(t *testing.T, o gittest.Origin) *countingRemote {
	t.Helper()
	srv := gittest.NewHTTPServer(t, filepath.Dir(o.Bare), "")
	t.Cleanup(srv.Close)
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &countingRemote{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.record(r)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	gittest.Git(t, o.Clone, "remote", "set-url", "origin", front.URL+"/"+filepath.Base(o.Bare))
	return c
}

// TestReleaseReadsTheRemoteOnce: a release (the policy in force, promotion
// control, the plan, and the check of what it drops) reads the remote's
// refs once; what it changes is one push. Counted at the remote.
func TestReleaseReadsTheRemoteOnce(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	remote := serveOrigin(t, o)
	env := map[string]string{"HOTLANE_CI": "none"}
	release := func(build string) []string {
		t.Helper()
		remote.reset()
		if code, out, errOut := run(t, env, "release", "--repo", o.Clone, "--build", build); code != 0 {
			t.Fatalf("release %s: exit %d\n%s\n%s", build, code, out, errOut)
		}
		return remote.reset()
	}
	release("41")
	gittest.Git(t, o.Clone, "fetch", "-q", "origin")
	gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	// the second release has an earlier one: the dropped check runs
	log := release("42")
	if n := reads(log); n != 1 {
		t.Errorf("release 42 read the remote's refs %d times, want 1:\n%s", n, strings.Join(log, "\n"))
	}
	if n := strings.Count(strings.Join(log, "\n"), "POST git-receive-pack"); n != 1 {
		t.Errorf("release 42 pushed %d times, want 1:\n%s", n, strings.Join(log, "\n"))
	}
}

// TestReleaseThroughTheAPIListsTheRefsOnce: through the GitHub API (mode
// github, no clone), promotion control and the plan share one listing of
// the repository's refs: the fake GitHub's log shows one listing of tags
// and one of branches for the release.
func TestReleaseThroughTheAPIListsTheRefsOnce(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	env := map[string]string{"HOTLANE_CI": "none", "HOTLANE_TOKEN": "write-token-1234567890", "GITHUB_API_URL": gh.URL}
	release := func(args ...string) []string {
		t.Helper()
		before := len(gh.Requests())
		args = append([]string{"release", "--repo", t.TempDir(), "--mode", "github", "--github-repository", "acme/shop", "--commit", head}, args...)
		if code, out, errOut := run(t, env, args...); code != 0 {
			t.Fatalf("%s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errOut)
		}
		return gh.Requests()[before:]
	}
	release("--build", "40", "--environment", "staging")
	log := release("--build", "41", "--require-released-in", "staging")
	listings := map[string]int{}
	for _, r := range log {
		for _, list := range []string{"/git/matching-refs/tags/", "/git/matching-refs/heads/"} {
			if strings.Contains(r, list) {
				listings[list]++
			}
		}
	}
	if fmt.Sprint(listings) != "map[/git/matching-refs/heads/:1 /git/matching-refs/tags/:1]" {
		t.Errorf("ref listings %v, want one of tags and one of branches:\n%s", listings, strings.Join(log, "\n"))
	}
}

// TestCheckReadsTheRemoteOnce: a check in a full clone (the policy in
// force, the lanes, the records they name) reads the remote's refs once;
// a fetch it makes is a fetch, not another read. Counted at the remote.
func TestCheckReadsTheRemoteOnce(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	remote := serveOrigin(t, o)
	env := map[string]string{"HOTLANE_CI": "none"}
	if code, out, errOut := run(t, env, "release", "--repo", o.Clone, "--build", "41"); code != 0 {
		t.Fatalf("release 41: exit %d\n%s\n%s", code, out, errOut)
	}
	gittest.Git(t, o.Clone, "fetch", "-q", "origin")
	gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	remote.reset()
	if code, out, errOut := run(t, env, "check", "--repo", o.Clone); code != 0 {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errOut)
	}
	if log := remote.reset(); reads(log) != 1 {
		t.Errorf("check read the remote's refs %d times, want 1:\n%s", reads(log), strings.Join(log, "\n"))
	}
}
