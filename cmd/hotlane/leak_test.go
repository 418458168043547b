package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// sentinel is a known fake token: the sweep gives it to every story.
const sentinel = "hotlane-fake-token-5f1e2d3c4b5a69788796"

// TestNoStoryLeaksTheToken runs every testscript story again with
// GH_TOKEN set to a known fake token, and checks that the token appears in
// no output and no file, except where it must: the CI masking commands
// (::add-mask:: and ##vso[task.setsecret]). The stories' own assertions
// are not judged here (a token changes some of their paths on purpose).
func TestNoStoryLeaksTheToken(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	p := scriptParams()
	p.WorkdirRoot = root
	p.TestWork = true
	setup := p.Setup
	p.Setup = func(env *testscript.Env) error {
		env.Setenv("GH_TOKEN", sentinel)
		return setup(env)
	}
	sweep := &sweepT{slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
	testscript.RunT(sweep, p)
	sweep.wait()
	if len(sweep.scripts) < 20 {
		t.Fatalf("the sweep ran only %d stories", len(sweep.scripts))
	}
	masked := 0
	for name, log := range sweep.scripts {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, sentinel) && !allowed(line) {
				t.Errorf("story %s printed the token: %q", name, line)
			}
			if strings.Contains(line, "::add-mask::"+sentinel) || strings.Contains(line, "setsecret]"+sentinel) {
				masked++
			}
		}
	}
	if masked == 0 {
		t.Error("no story masked the token: the sweep did not put it in force")
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, sentinel) && !allowed(line) {
				t.Errorf("file %s holds the token: %q", strings.TrimPrefix(path, root), line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("swept %d stories", len(sweep.scripts))
}

// allowed says a line may hold the token: a masking command.
func allowed(line string) bool {
	line = strings.TrimSpace(line)
	return strings.HasPrefix(line, "::add-mask::") || strings.HasPrefix(line, "##vso[task.setsecret]") ||
		strings.HasPrefix(line, "> env GH_TOKEN=") || strings.HasPrefix(line, "GH_TOKEN=")
}

// sweepT runs the stories, as many at once as there are CPUs, and keeps
// what they log; a failing story ends without failing the sweep.
type sweepT struct {
	mu      sync.Mutex
	name    string
	log     strings.Builder
	scripts map[string]string
	slots   chan struct{} // one per story under way
	running sync.WaitGroup
}

func (s *sweepT) Skip(args ...any)  { s.Log(args...); runtime.Goexit() }
func (s *sweepT) Fatal(args ...any) { s.Log(args...); s.FailNow() }
func (s *sweepT) FailNow()          { runtime.Goexit() }
func (s *sweepT) Parallel()         {}
func (s *sweepT) Verbose() bool     { return true }

func (s *sweepT) Log(args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(&s.log, args...)
}

// Run starts a story once a slot is free; wait waits for them all.
func (s *sweepT) Run(name string, f func(testscript.T)) {
	sub := &sweepT{name: name}
	s.slots <- struct{}{}
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		defer func() { <-s.slots }()
		defer s.keep(name, sub) // also when the story fails (runtime.Goexit)
		f(sub)
	}()
}

func (s *sweepT) wait() { s.running.Wait() }

func (s *sweepT) keep(name string, sub *sweepT) {
	sub.mu.Lock()
	log := sub.log.String()
	sub.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scripts == nil {
		s.scripts = map[string]string{}
	}
	s.scripts[name] = log
}
