package gitrepo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// gateOrigin is a remote as the gate meets it: a main line with releases,
// lanes with hotfixes, and what the gate must not fetch.
type gateOrigin struct {
	gittest.Origin
	work string
	// the remote's refs the gate reads, and what git says of them there
	refs map[string]string
}

// newGateOrigin makes the remote: prod-1 and prod-2 released from main,
// lanes hotfix/1 (two hotfixes, one of them merged from a PR branch) and
// hotfix/2; hotfix/3 whose release tag is on a commit that the main line
// no longer has (the lane was cut from a branch that was rebased away);
// hotfix/4 without a release tag; and a branch and a tag that are
// neither lane nor release.
func newGateOrigin(t *testing.T) *gateOrigin {
	t.Helper()
	work := t.TempDir()
	o := &gateOrigin{Origin: gittest.NewOrigin(t, work), work: work}
	c := o.Clone
	git := func(args ...string) string { return gittest.Git(t, c, args...) }
	commit := func(file, msg string) { gittest.Commit(t, c, file, msg+"\n", msg) }
	commit("a.go", "feat: a")
	git("tag", "-a", "-m", "release 1", "prod-1")
	commit("b.go", "feat: b")
	git("checkout", "-q", "-b", "hotfix/1", "prod-1")
	commit("a.go", "fix: a")
	git("checkout", "-q", "-b", "pr/7")
	commit("pr.go", "fix: pr 7")
	git("checkout", "-q", "hotfix/1")
	git("merge", "-q", "--no-ff", "-m", "Merge PR 7", "pr/7")
	git("checkout", "-q", "main")
	commit("c.go", "feat: c")
	git("tag", "-a", "-m", "release 2", "prod-2")
	git("checkout", "-q", "-b", "hotfix/2")
	commit("c.go", "fix: c")
	git("checkout", "-q", "-b", "rebased-away", "main~2")
	commit("r.go", "feat: r, before a rebase")
	git("tag", "-a", "-m", "release 3", "prod-3")
	git("checkout", "-q", "-b", "hotfix/3")
	commit("r.go", "fix: r")
	git("checkout", "-q", "-b", "hotfix/4", "main")
	commit("d.go", "fix: d")
	git("checkout", "-q", "-b", "feature/x", "main")
	commit("x.go", "wip: x")
	git("tag", "v9")
	git("checkout", "-q", "main")
	commit("e.go", "feat: e")
	git("push", "-q", "origin", "main", "hotfix/1", "hotfix/2", "hotfix/3", "hotfix/4", "feature/x", "prod-1", "prod-2", "prod-3", "v9")
	o.refs = map[string]string{}
	for _, line := range strings.Split(gittest.Git(t, o.Bare, "for-each-ref", "--format=%(refname) %(objectname)"), "\n") {
		name, hash, _ := strings.Cut(line, " ")
		o.refs[name] = hash
	}
	return o
}

// gateWants are the gate's templates for newGateOrigin.
func gateWants() GateRefs {
	return GateRefs{
		Main:      "main",
		IsLane:    func(b string) bool { return strings.HasPrefix(b, "hotfix/") },
		IsRelease: func(tag string) bool { return strings.HasPrefix(tag, "prod-") },
	}
}

// shallowClone is what a CI checks out: one commit of main.
func (o *gateOrigin) shallowClone(t *testing.T, url, name string) string {
	t.Helper()
	dir := filepath.Join(o.work, name)
	gittest.Git(t, o.work, "clone", "-q", "--depth", "1", "--single-branch", "--branch", "main", url, dir)
	if _, err := os.Stat(filepath.Join(dir, ".git", "shallow")); err != nil {
		t.Fatalf("the CI checkout is not shallow: %v", err)
	}
	return dir
}

// fetchForGate opens dir as the gate does and fetches what it reads.
func fetchForGate(t *testing.T, dir string, cred Credentials) GateFetch {
	t.Helper()
	repo, err := Open(dir, "origin", cred)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := repo.FetchForGate(context.Background(), gateWants())
	if err != nil {
		t.Fatalf("FetchForGate: %v", err)
	}
	return res
}

// checkDeepened checks, with git itself, that the clone at dir has the
// gate's refs at the remote's commits with their whole history, and
// nothing else of the remote's.
func (o *gateOrigin) checkDeepened(t *testing.T, dir string, res GateFetch) {
	t.Helper()
	git := func(args ...string) string { return gittest.Git(t, dir, args...) }
	if _, err := os.Stat(filepath.Join(dir, ".git", "shallow")); !os.IsNotExist(err) {
		t.Errorf("the shallow file is still there (%v)", err)
	}
	if got := git("rev-parse", "--is-shallow-repository"); got != "false" {
		t.Errorf("git says the clone is shallow: %s", got)
	}
	if !res.Shallow || !res.Complete {
		t.Errorf("GateFetch = %+v, want Shallow and Complete", res)
	}
	if want := (GateCounts{Main: 1, Lanes: 4, Tags: 3}); res.Wanted != want {
		t.Errorf("wanted %+v, want %+v", res.Wanted, want)
	}
	for remote, local := range map[string]string{
		"refs/heads/main": "origin/main", "refs/heads/hotfix/1": "origin/hotfix/1", "refs/heads/hotfix/2": "origin/hotfix/2",
		"refs/heads/hotfix/3": "origin/hotfix/3", "refs/heads/hotfix/4": "origin/hotfix/4",
		"refs/tags/prod-1": "refs/tags/prod-1", "refs/tags/prod-2": "refs/tags/prod-2", "refs/tags/prod-3": "refs/tags/prod-3",
	} {
		if got := git("rev-parse", local); got != o.refs[remote] {
			t.Errorf("%s = %s, the remote's %s is %s", local, got, remote, o.refs[remote])
		}
		if got, want := git("rev-list", "--count", local), gittest.Git(t, o.Bare, "rev-list", "--count", remote); got != want {
			t.Errorf("%s has %s commits, the remote %s", local, got, want)
		}
	}
	if refs := git("for-each-ref", "--format=%(refname)"); strings.Contains(refs, "feature/x") || strings.Contains(refs, "v9") || strings.Contains(refs, "pr/7") {
		t.Errorf("refs the gate does not read were fetched:\n%s", refs)
	}
	git("fsck", "--connectivity-only", "--no-dangling")
	for lane, base := range map[string]string{"hotfix/1": "prod-1", "hotfix/2": "prod-2", "hotfix/3": "prod-3"} {
		if got := git("cherry", "origin/main", "origin/"+lane, base); !strings.HasPrefix(got, "+ ") {
			t.Errorf("git cherry origin/main origin/%s %s = %q, want its hotfixes", lane, base, got)
		}
	}
	if mb := git("merge-base", "origin/main", "origin/hotfix/4"); mb == "" {
		t.Error("the lane without a tag shares no history with main")
	}
}

// TestFetchForGateDeepensAShallowCheckout: over file://, over smart HTTP
// (git http-backend) and over SSH (go-git's ssh transport to git
// upload-pack), one fetch brings into a --depth 1 --single-branch clone
// the main line, the lanes and the release tags with their whole history
// (a tag on a commit that main no longer has, a lane without a tag), and
// nothing else; git agrees that the history is complete.
func TestFetchForGateDeepensAShallowCheckout(t *testing.T) {
	o := newGateOrigin(t)
	t.Run("file", func(t *testing.T) {
		dir := o.shallowClone(t, o.URL, "file")
		o.checkDeepened(t, dir, fetchForGate(t, dir, Credentials{}))
	})
	t.Run("http", func(t *testing.T) {
		srv := gittest.NewHTTPServer(t, o.work, "s3cret-token")
		defer srv.Close()
		url := strings.Replace(srv.RepoURL("origin.git"), "http://", "http://x:s3cret-token@", 1)
		dir := o.shallowClone(t, url, "http")
		gittest.Git(t, dir, "remote", "set-url", "origin", srv.RepoURL("origin.git"))
		o.checkDeepened(t, dir, fetchForGate(t, dir, Credentials{Token: "s3cret-token"}))
	})
	t.Run("ssh", func(t *testing.T) {
		srv := gittest.NewSSHServer(t, o.work, t.TempDir())
		defer srv.Close()
		t.Setenv("SSH_KNOWN_HOSTS", srv.KnownHosts)
		dir := o.shallowClone(t, o.URL, "ssh")
		gittest.Git(t, dir, "remote", "set-url", "origin", srv.URL("origin.git"))
		o.checkDeepened(t, dir, fetchForGate(t, dir, Credentials{SSHKey: srv.KeyFile}))
	})
}

// TestFetchForGateBringsOnlyWhatIsStale: a clone that is not shallow,
// whose remote-tracking refs are stale, receives the lanes that moved or
// are new and the release tags it lacks; its own tag that differs from
// the remote's is never moved.
func TestFetchForGateBringsOnlyWhatIsStale(t *testing.T) {
	t.Parallel()
	o := newGateOrigin(t)
	dir := filepath.Join(o.work, "full")
	gittest.Git(t, o.work, "clone", "-q", "--no-tags", o.URL, dir)
	gittest.Git(t, dir, "fetch", "-q", "origin", "refs/tags/prod-1:refs/tags/prod-1")
	gittest.Git(t, dir, "tag", "prod-2", "origin/main~1") // the clone's own idea of prod-2
	mine := gittest.Git(t, dir, "rev-parse", "prod-2")
	// the remote moves on: a lane advances, a release and its lane appear
	c := o.Clone
	gittest.Git(t, c, "checkout", "-q", "hotfix/2")
	moved := gittest.Commit(t, c, "c2.go", "fix: c again\n", "fix: c again")
	gittest.Git(t, c, "checkout", "-q", "main")
	gittest.Git(t, c, "tag", "-a", "-m", "release 5", "prod-5")
	gittest.Git(t, c, "checkout", "-q", "-b", "hotfix/5")
	gittest.Commit(t, c, "f.go", "fix: f\n", "fix: f")
	gittest.Git(t, c, "push", "-q", "origin", "hotfix/2", "hotfix/5", "prod-5")

	res := fetchForGate(t, dir, Credentials{})
	slices.Sort(res.Updated)
	want := []string{"refs/remotes/origin/hotfix/2", "refs/remotes/origin/hotfix/5", "refs/tags/prod-3", "refs/tags/prod-5"}
	if !slices.Equal(res.Updated, want) {
		t.Errorf("updated %q, want %q", res.Updated, want)
	}
	if res.Shallow || res.Wanted != (GateCounts{Lanes: 2, Tags: 2}) {
		t.Errorf("GateFetch = %+v", res)
	}
	if got := gittest.Git(t, dir, "rev-parse", "origin/hotfix/2"); got != moved {
		t.Errorf("origin/hotfix/2 = %s, want %s", got, moved)
	}
	if got := gittest.Git(t, dir, "rev-parse", "prod-2"); got != mine {
		t.Errorf("the clone's prod-2 was moved to %s", got)
	}
	gittest.Git(t, dir, "fsck", "--connectivity-only", "--no-dangling")
	if again := fetchForGate(t, dir, Credentials{}); len(again.Updated) != 0 || again.Objects != 0 {
		t.Errorf("a second fetch changed %q, %d objects", again.Updated, again.Objects)
	}
}

// TestFetchForGateFromAShallowRemote: a remote whose own history is
// shallow cannot make the clone complete; the clone keeps a shallow list
// that git agrees with (every entry lacks its parents).
func TestFetchForGateFromAShallowRemote(t *testing.T) {
	t.Parallel()
	o := newGateOrigin(t)
	mirror := filepath.Join(o.work, "mirror.git")
	gittest.Git(t, o.work, "clone", "-q", "--bare", "--depth", "1", "--no-single-branch", o.URL, mirror)
	gittest.Git(t, mirror, "fetch", "-q", "--depth", "1", "origin", "refs/tags/prod-*:refs/tags/prod-*")
	dir := o.shallowClone(t, "file://"+mirror, "from-mirror")
	res := fetchForGate(t, dir, Credentials{})
	if !res.Shallow || res.Complete {
		t.Errorf("GateFetch = %+v, want a clone still shallow", res)
	}
	if got := gittest.Git(t, dir, "rev-parse", "--is-shallow-repository"); got != "true" {
		t.Errorf("git says shallow = %s", got)
	}
	gittest.Git(t, dir, "fsck", "--connectivity-only", "--no-dangling")
	list, err := os.ReadFile(filepath.Join(dir, ".git", "shallow"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sha := range strings.Fields(string(list)) {
		lacks := false
		for _, line := range strings.Split(gittest.Git(t, dir, "cat-file", "-p", sha), "\n") {
			if parent, ok := strings.CutPrefix(line, "parent "); ok {
				_, err := gittest.RunGit(dir, "cat-file", "-e", parent)
				lacks = lacks || err != nil
			}
		}
		if !lacks {
			t.Errorf("the shallow list names %s, whose parents the clone has", sha)
		}
	}
	if got := gittest.Git(t, dir, "rev-parse", "origin/main", "origin/hotfix/1", "prod-1"); got != strings.Join([]string{
		o.refs["refs/heads/main"], o.refs["refs/heads/hotfix/1"], o.refs["refs/tags/prod-1"]}, "\n") {
		t.Errorf("the gate's refs: %s", got)
	}
}
