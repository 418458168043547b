package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/hotlane/hotlane/internal/testkit/fakeci"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// The fakes a script started, by its $WORK.
var (
	fakesMu sync.Mutex
	ghFakes = map[string]*fakegithub.Server{}
	// gitServers are the gitserve servers.
	gitServers = map[string]*gittest.HTTPServer{}
	ciFakes    = map[string]*fakeci.Server{}
)

// fakegithub: serve $ORIGIN as acme/shop on a fake GitHub; tokens
// write-token-1234567890 (write) and read-token-1234567890 (read); export
// FAKE_GITHUB (its API URL).
func cmdFakeGitHub(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: fakegithub")
	}
	s := fakegithub.New()
	if err := s.AddRepo("acme", "shop", ts.Getenv("ORIGIN"), "main"); err != nil {
		ts.Fatalf("fakegithub: %v", err)
	}
	s.AddToken("write-token-1234567890", fakegithub.Write)
	s.AddToken("read-token-1234567890", fakegithub.Read)
	ts.Defer(s.Close)
	fakesMu.Lock()
	ghFakes[ts.Getenv("WORK")] = s
	fakesMu.Unlock()
	ts.Setenv("FAKE_GITHUB", s.URL)
}

func ghFake(ts *testscript.TestScript) *fakegithub.Server {
	fakesMu.Lock()
	defer fakesMu.Unlock()
	s := ghFakes[ts.Getenv("WORK")]
	if s == nil {
		ts.Fatalf("run fakegithub first")
	}
	return s
}

// ghfault METHOD PATH KIND [TIMES]: make the fake GitHub fail; KIND is a
// status code, drop, hang, secondary (rate limit) or primary (rate limit
// resetting in an hour).
func cmdGHFault(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: ghfault METHOD PATH KIND [TIMES]")
	}
	f := fakegithub.Fault{Method: args[0], Path: args[1]}
	switch args[2] {
	case "drop":
		f.Drop = true
	case "hang":
		f.Hang = true
	case "secondary":
		f = fakegithub.SecondaryRateLimited(args[1], 1)
		f.Method = args[0]
	case "primary":
		f = fakegithub.RateLimited(args[1], time.Now().Add(time.Hour).Unix())
		f.Method = args[0]
	default:
		code, err := strconv.Atoi(args[2])
		if err != nil {
			ts.Fatalf("ghfault: %v", err)
		}
		f.Status = code
	}
	if len(args) == 4 {
		n, err := strconv.Atoi(args[3])
		if err != nil {
			ts.Fatalf("ghfault: %v", err)
		}
		f.Times = n
	}
	ghFake(ts).Inject(f)
}

// ghstate: print what the fake GitHub holds besides git: deployments,
// environment variables, pull requests and dispatched workflow runs.
func cmdGHState(ts *testscript.TestScript, neg bool, args []string) {
	deployments, variables, pulls := ghFake(ts).State()
	var lines []string
	for _, d := range deployments {
		lines = append(lines, fmt.Sprintf("deployment %d ref=%s environment=%s statuses=%s payload=%s", d.ID, d.Ref, d.Environment, strings.Join(d.Statuses, ","), d.Payload))
	}
	for k, v := range variables {
		lines = append(lines, fmt.Sprintf("variable %s=%s", k, v))
	}
	for _, d := range ghFake(ts).Dispatches() {
		var inputs []string
		for k, v := range d.Inputs {
			inputs = append(inputs, k+"="+v)
		}
		sort.Strings(inputs)
		lines = append(lines, fmt.Sprintf("dispatch %s ref=%s inputs=%s", d.Workflow, d.Ref, strings.Join(inputs, " ")))
	}
	for _, p := range pulls {
		lines = append(lines, fmt.Sprintf("pull %d %s->%s %s %q\n%s", p.Number, p.Head, p.Base, p.State, p.Title, p.Body))
	}
	sort.Strings(lines)
	fmt.Fprintln(ts.Stdout(), strings.Join(lines, "\n"))
}

// ghrequests: print the requests the fake GitHub answered.
func cmdGHRequests(ts *testscript.TestScript, neg bool, args []string) {
	fmt.Fprintln(ts.Stdout(), strings.Join(ghFake(ts).Requests(), "\n"))
}

// fakeci [FAIL_WEBHOOK]: start a fake Jenkins, Azure DevOps and webhook
// receiver; export FAKE_CI (its URL), and credentials it accepts as
// JENKINS_USER, JENKINS_API_TOKEN, SYSTEM_ACCESSTOKEN, HOTLANE_WEBHOOK_SECRET.
func cmdFakeCI(ts *testscript.TestScript, neg bool, args []string) {
	c := fakeci.Config{JenkinsUser: "deployer", JenkinsToken: "jenkins-api-token-5555",
		AzureToken: "azure-access-token-6666", WebhookSecret: "webhook-secret-7777"}
	if len(args) == 1 {
		n, err := strconv.Atoi(args[0])
		if err != nil {
			ts.Fatalf("fakeci: %v", err)
		}
		c.FailWebhook = n
	}
	s := fakeci.New(c)
	ts.Defer(s.Close)
	fakesMu.Lock()
	ciFakes[ts.Getenv("WORK")] = s
	fakesMu.Unlock()
	ts.Setenv("FAKE_CI", s.URL)
}

// ciReceived: print what the fake CI services accepted.
func cmdCIReceived(ts *testscript.TestScript, neg bool, args []string) {
	fakesMu.Lock()
	s := ciFakes[ts.Getenv("WORK")]
	fakesMu.Unlock()
	if s == nil {
		ts.Fatalf("run fakeci first")
	}
	fmt.Fprintln(ts.Stdout(), strings.Join(s.Received(), "\n"))
}
