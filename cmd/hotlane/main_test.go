package main

import (
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/hotlane/hotlane/internal/cli"
	"github.com/hotlane/hotlane/internal/testkit/citest"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

var update = flag.Bool("update", false, "rewrite the expected files in testdata/script from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"hotlane": func() {
			os.Exit(cli.Main(context.Background(), cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Args[1:], cli.Environ(os.Environ())))
		},
	})
}

// TestScripts runs the user stories in testdata/script: each is a session
// at a terminal or in a CI job, against real repositories.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, scriptParams())
}

// scriptParams are the stories' settings, shared with the token sweep.
func scriptParams() testscript.Params {
	return testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Vars = append(env.Vars, gittest.Env()...)
			// A story runs the hotlane binary as users do, built once
			// without the race detector (testscript would run this test
			// binary, built with it when the suite is): the goroutines a
			// command starts are raced in their packages' own tests, and
			// the fake servers in this test process still are.
			bin := filepath.Dir(gittest.Hotlane(setupT{env.T()}))
			env.Setenv("PATH", bin+string(filepath.ListSeparator)+env.Getenv("PATH"))
			// BINDIR holds the hotlane command alone, so a script can run
			// it with PATH=$BINDIR: with no git binary in reach.
			for _, dir := range filepath.SplitList(env.Getenv("PATH")) {
				if _, err := os.Stat(filepath.Join(dir, "hotlane")); err == nil {
					env.Setenv("BINDIR", dir)
					break
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkorigin":   cmdMkorigin,
			"commit":     cmdCommit,
			"exitcode":   cmdExitcode,
			"gitserve":   cmdGitserve,
			"gitfault":   cmdGitFault,
			"githubout":  cmdGithubout,
			"refs":       cmdRefs,
			"junit":      cmdJUnit,
			"record":     cmdRecord,
			"fakegithub": cmdFakeGitHub,
			"ghfault":    cmdGHFault,
			"ghstate":    cmdGHState,
			"ghrequests": cmdGHRequests,
			"fakeci":     cmdFakeCI,
			"cireceived": cmdCIReceived,
		},
	}
}

// mkorigin: make $WORK/origin.git with two commits on main and a clone at
// $WORK/clone; export ORIGIN, CLONE and HEAD_SHA.
func cmdMkorigin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: mkorigin")
	}
	o := gittest.NewOrigin(tsT{ts}, ts.Getenv("WORK"))
	ts.Setenv("ORIGIN", o.Bare)
	ts.Setenv("ORIGIN_URL", o.URL)
	ts.Setenv("CLONE", o.Clone)
	head := gittest.Git(tsT{ts}, o.Clone, "rev-parse", "HEAD")
	ts.Setenv("HEAD_SHA", head)
	ts.Setenv("HEAD_SHORT", head[:12])
}

// commit FILE MESSAGE [VAR]: commit FILE (its content is MESSAGE) in the
// current directory; export its sha as VAR (default SHA).
func cmdCommit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: commit FILE MESSAGE [VAR]")
	}
	sha := gittest.Commit(tsT{ts}, ts.MkAbs("."), args[0], args[1]+"\n", args[1])
	name := "SHA"
	if len(args) == 3 {
		name = args[2]
	}
	ts.Setenv(name, sha)
}

// exitcode N PROGRAM ARGS...: run PROGRAM and require exit code N; its
// output is kept for stdout and stderr checks, as exec does.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		got = exitErr.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// gitserve TOKEN [READ_ONLY_TOKEN]: serve $WORK's bare repositories over
// smart HTTP with the real git http-backend, demanding TOKEN ("-" for none;
// READ_ONLY_TOKEN may fetch but not push); export GITSERVER
// (its base URL) and GITSERVER_HOST (host:port).
func cmdGitserve(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: gitserve TOKEN [READ_ONLY_TOKEN]")
	}
	token := args[0]
	if token == "-" {
		token = ""
	}
	s := gittest.NewHTTPServer(tsT{ts}, ts.Getenv("WORK"), token)
	if len(args) == 2 {
		s.SetReadToken(args[1])
	}
	ts.Defer(s.Close)
	fakesMu.Lock()
	gitServers[ts.Getenv("WORK")] = s
	fakesMu.Unlock()
	ts.Setenv("GITSERVER", s.URL)
	ts.Setenv("GITSERVER_HOST", strings.TrimPrefix(s.URL, "http://"))
}

// gitfault SUFFIX KIND [TIMES]: make the next request (TIMES requests) to
// the gitserve server whose path ends with SUFFIX fail; KIND is 500, 403,
// drop or stall.
func cmdGitFault(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: gitfault SUFFIX KIND [TIMES]")
	}
	fakesMu.Lock()
	s := gitServers[ts.Getenv("WORK")]
	fakesMu.Unlock()
	if s == nil {
		ts.Fatalf("run gitserve first")
	}
	times := 1
	if len(args) == 3 {
		n, err := strconv.Atoi(args[2])
		if err != nil {
			ts.Fatalf("gitfault: %v", err)
		}
		times = n
	}
	for range times {
		s.Inject(gittest.Fault{Suffix: args[0], Kind: args[1]})
	}
}

// githubout FILE: parse a GITHUB_OUTPUT file as the runner does and print
// its outputs as sorted NAME=VALUE lines (line breaks as \n).
func cmdGithubout(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: githubout FILE")
	}
	data := ts.ReadFile(args[0])
	outputs, err := citest.ParseGitHubFile(data)
	if err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	var lines []string
	for k, v := range outputs {
		lines = append(lines, k+"="+strings.ReplaceAll(v, "\n", `\n`))
	}
	sort.Strings(lines)
	ts.Stdout().Write([]byte(strings.Join(lines, "\n") + "\n"))
}

// refs DIR: print the refs of the repository at DIR (sha, type, peeled
// sha, name), to save and compare snapshots.
func cmdRefs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: refs DIR")
	}
	dir := ts.MkAbs(args[0])
	ts.Stdout().Write([]byte(gittest.Refs(tsT{ts}, dir) + "\n"))
}

// record ENV BUILD TIME [SOURCE]: record BUILD of ENV at the current
// directory's HEAD as an earlier run of hotlane did at TIME (RFC 3339), from
// SOURCE (default main), and push the tag (and production's lane). TIME
// "tagged@T" makes a record by hand: no Hotlane-Time, tagged at T.
func cmdRecord(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: record ENV BUILD TIME [SOURCE]")
	}
	when, handMade := strings.CutPrefix(args[2], "tagged@")
	at, err := time.Parse(time.RFC3339, when)
	if err != nil {
		ts.Fatalf("record: %v", err)
	}
	source := "main"
	if len(args) == 4 {
		source = args[3]
	}
	gittest.ReleaseAt(tsT{ts}, ts.MkAbs("."), args[1], args[0], source, at, handMade)
}

// setupT adapts a story's setup to the helpers' T.
type setupT struct{ t testscript.T }

func (t setupT) Helper()                           {}
func (t setupT) Fatalf(format string, args ...any) { t.t.Fatal(fmt.Sprintf(format, args...)) }

// tsT adapts a script to the helpers' T.
type tsT struct{ ts *testscript.TestScript }

func (t tsT) Helper()                           {}
func (t tsT) Fatalf(format string, args ...any) { t.ts.Fatalf(format, args...) }

// junit FILE: read a JUnit file as CI test reporters do and print its
// counts, suites and cases.
func cmdJUnit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: junit FILE")
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(ts.ReadFile(args[0])), &doc); err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	w := ts.Stdout()
	fmt.Fprintf(w, "tests=%d failures=%d skipped=%d\n", doc.Tests, doc.Failures, doc.Skipped)
	for _, s := range doc.Suites {
		fmt.Fprintf(w, "suite %s tests=%d failures=%d\n", s.Name, s.Tests, s.Failures)
		for _, c := range s.Cases {
			if c.Failure != nil {
				fmt.Fprintf(w, "fail %s %s: %s\n", c.Classname, c.Name, strings.ReplaceAll(c.Failure.Text, "\n", " "))
			} else {
				fmt.Fprintf(w, "pass %s %s\n", c.Classname, c.Name)
			}
		}
	}
}
