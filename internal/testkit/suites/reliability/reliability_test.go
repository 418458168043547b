package reliability

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// world is an origin served over smart HTTP and a clone that pushes to it.
type world struct {
	o      gittest.Origin
	srv    *gittest.HTTPServer
	head   string
	before string // the origin's refs before any release
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{o: gittest.NewOrigin(t, dir)}
	w.srv = gittest.NewHTTPServer(t, dir, "")
	w.srv.Stalled = make(chan string, 4)
	t.Cleanup(w.srv.Close)
	gittest.Git(t, w.o.Clone, "remote", "set-url", "origin", w.srv.RepoURL("origin.git"))
	w.head = gittest.Git(t, w.o.Clone, "rev-parse", "HEAD")
	w.before = gittest.Refs(t, w.o.Bare)
	return w
}

// release runs hotlane as a process and returns it started.
func (w *world) start(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(gittest.Hotlane(t), append([]string{"release", "--build", "7", "--no-check"}, args...)...)
	cmd.Dir = w.o.Clone
	cmd.Env = append(os.Environ(), gittest.Env()...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

func (w *world) run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd, out := w.start(t, args...)
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

// state says where the origin stands: "none" (unchanged), "done" (the
// tag and the lane at the release commit, nothing else changed), or
// "BROKEN: ..." for anything else: a lost, moved or half-made ref.
func (w *world) state(t *testing.T) string {
	t.Helper()
	now := gittest.Refs(t, w.o.Bare)
	if now == w.before {
		return "none"
	}
	tag, _ := gittest.RunGit(w.o.Bare, "rev-parse", "prod-7^{commit}")
	kind, _ := gittest.RunGit(w.o.Bare, "cat-file", "-t", "prod-7")
	lane, _ := gittest.RunGit(w.o.Bare, "rev-parse", "refs/heads/hotfix/7")
	main, _ := gittest.RunGit(w.o.Bare, "rev-parse", "refs/heads/main")
	lines := strings.Count(now, "\n") + 1
	if tag == w.head && kind == "tag" && lane == w.head && main == w.head && lines == 3 {
		return "done"
	}
	return "BROKEN: " + now
}

func report(t *testing.T, scenario string, faults int, state string, exitOK bool) {
	t.Helper()
	moved := 0
	if strings.HasPrefix(state, "BROKEN") {
		moved = 1
	}
	t.Logf("RELIABILITY scenario=%s faults=%d moved=%d exit=%v", scenario, faults, moved, exitOK)
}

func TestServerFaultsLeaveAllOrNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault gittest.Fault
		args  []string
	}{
		{"500 on the push advertisement", gittest.Fault{Suffix: "info/refs?service=git-receive-pack", Kind: gittest.Fail500}, nil},
		{"500 on the ref listing", gittest.Fault{Suffix: "info/refs?service=git-upload-pack", Kind: gittest.Fail500}, nil},
		{"connection dropped mid-pack", gittest.Fault{Suffix: "/git-receive-pack", Kind: gittest.DropMidPack}, nil},
		{"server stalls on the push", gittest.Fault{Suffix: "/git-receive-pack", Kind: gittest.Stall}, []string{"--git-timeout", "5s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.srv.Inject(tt.fault)
			code, out := w.run(t, tt.args...)
			if w.srv.Pending() != 0 {
				// a machine too busy to reach the fault within the time limit
				t.Fatalf("the release never met the fault; it ended with exit %d:\n%s", code, out)
			}
			first := w.state(t)
			if code != 3 || first != "none" {
				t.Errorf("with the fault: exit %d, origin %s, want exit 3 and nothing changed\n%s", code, first, out)
			}
			if !strings.Contains(out, "nothing was changed") && !strings.Contains(out, "run the release again") {
				t.Errorf("the message does not say what changed:\n%s", out)
			}
			code2, out2 := w.run(t) // the fault is gone, and with it the need for a short time limit
			final := w.state(t)
			if code2 != 0 || final != "done" {
				t.Errorf("re-run: exit %d, origin %s\n%s", code2, final, out2)
			}
			report(t, "fault/"+strings.ReplaceAll(tt.name, " ", "-"), 1, first+"/"+final, code == 3 && code2 == 0)
		})
	}
}

// TestKilledAtEachPoint kills the process with SIGKILL while it waits on
// the server before its push, during its push, and after its push while a
// sync target is being told; the re-run ends exactly as an uninterrupted
// run would.
func TestKilledAtEachPoint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  *gittest.Fault
		syncAt bool
		want   string // the origin's state right after the kill
	}{
		{"before the push", &gittest.Fault{Suffix: "info/refs?service=git-receive-pack", Kind: gittest.Stall}, false, "none"},
		{"during the push", &gittest.Fault{Suffix: "/git-receive-pack", Kind: gittest.Stall}, false, "none"},
		{"after the push, before sync", nil, true, "done"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			reached := make(chan struct{}, 1)
			hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body) // so a closed connection is noticed
				select {
				case reached <- struct{}{}:
				default:
				}
				<-r.Context().Done()
			}))
			defer hook.Close()
			args := []string{}
			if tt.fault != nil {
				w.srv.Inject(*tt.fault)
			}
			if tt.syncAt {
				args = append(args, "--sync", "webhook="+hook.URL+"/hook")
			}
			cmd, out := w.start(t, args...)
			if tt.syncAt {
				<-reached
			} else {
				<-w.srv.Stalled
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			got := w.state(t)
			if got != tt.want {
				t.Errorf("after the kill the origin is %s, want %s\n%s", got, tt.want, out)
			}
			hook.Close()
			code, out2 := w.run(t)
			final := w.state(t)
			if code != 0 || final != "done" {
				t.Errorf("re-run after the kill: exit %d, origin %s\n%s", code, final, out2)
			}
			report(t, "kill/"+strings.ReplaceAll(tt.name, " ", "-"), 1, got+"/"+final, code == 0)
		})
	}
}

func TestStaleLocalStateAfterKillIsHarmless(t *testing.T) {
	t.Parallel()
	// a kill can leave a tag object in the clone with no ref: a re-run
	// makes its own and the stray object does no harm
	w := newWorld(t)
	w.srv.Inject(gittest.Fault{Suffix: "/git-receive-pack", Kind: gittest.Stall})
	cmd, _ := w.start(t)
	<-w.srv.Stalled
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(w.o.Clone, ".git", "refs", "tags", "prod-7")); err == nil {
		t.Error("a killed release left a local tag ref")
	}
	code, out := w.run(t)
	if code != 0 || w.state(t) != "done" {
		t.Errorf("exit %d, %s\n%s", code, w.state(t), out)
	}
	report(t, "kill/stray-objects", 1, w.state(t), code == 0)
}

// TestStalledRemoteIsBounded: a remote that accepts the connection and
// never answers holds no command past --git-timeout: each ends, says the
// remote did not answer in time, and changes nothing.
func TestStalledRemoteIsBounded(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	if code, out := w.run(t); code != 0 {
		t.Fatalf("the first release: exit %d\n%s", code, out)
	}
	released := gittest.Refs(t, w.o.Bare)
	for _, tc := range []struct {
		args  []string
		fault string
	}{
		{[]string{"status"}, "info/refs?service=git-upload-pack"},
		{[]string{"rollback", "--to", "7"}, "info/refs?service=git-upload-pack"},
		{[]string{"mark-bad", "7", "--reason", "stalled"}, "info/refs?service=git-upload-pack"},
		{[]string{"mark-bad", "7", "--reason", "stalled"}, "info/refs?service=git-receive-pack"},
		{[]string{"check"}, "info/refs?service=git-upload-pack"},
		{[]string{"backport", "--mode", "git"}, "info/refs?service=git-upload-pack"},
	} {
		w.srv.Inject(gittest.Fault{Suffix: tc.fault, Kind: gittest.Stall})
		cmd := exec.Command(gittest.Hotlane(t), append(tc.args, "--git-timeout", "3s")...)
		cmd.Dir = w.o.Clone
		cmd.Env = append(os.Environ(), gittest.Env()...)
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), "did not answer within the time limit (--git-timeout") || w.srv.Pending() != 0 {
			// it never met the stalled remote (a machine too busy for the
			// time limit): stop here rather than wait for the stall
			t.Fatalf("hotlane %v on a stalled remote (%s), the stall met: %v: %s", tc.args, tc.fault, w.srv.Pending() == 0, out)
		}
		<-w.srv.Stalled
		report(t, "stalled-remote/"+tc.args[0], 1, "none", cmd.ProcessState != nil)
	}
	if now := gittest.Refs(t, w.o.Bare); now != released && !strings.Contains(now, "hotlane-bad/prod-7") {
		t.Errorf("the remote changed: %s", now)
	}
}
