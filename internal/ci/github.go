package ci

import (
	"fmt"
	"io"
	"strings"

	"github.com/sethvargo/go-githubactions"
)

// githubDelimiter is the fixed heredoc delimiter go-githubactions writes
// around every file-command value; a value that contains it would end the
// value early and could smuggle in further outputs.
const githubDelimiter = "_GitHubActionsFileCommandDelimeter_"

// github talks to GitHub Actions through go-githubactions. That library
// panics when it writes a file command and the GITHUB_* file variable is
// unset, so every file command is guarded here.
type github struct {
	a   *githubactions.Action
	env map[string]string
	w   io.Writer
}

func newGitHub(env map[string]string, w io.Writer) *github {
	a := githubactions.New(githubactions.WithWriter(w), githubactions.WithGetenv(Getenv(env)))
	return &github{a: a, env: env, w: w}
}

func (g *github) Name() string { return GitHub }

func (g *github) Mask(secret string) {
	if secret == "" {
		return
	}
	for _, line := range strings.Split(secret, "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			g.a.AddMask(line)
		}
	}
}

func (g *github) SetOutput(name, value string) error {
	if g.env["GITHUB_OUTPUT"] == "" {
		return fmt.Errorf("output %s not written: GITHUB_OUTPUT is not set (is this a GitHub Actions step?)", name)
	}
	if strings.Contains(value, githubDelimiter) || strings.ContainsAny(name, "\r\n<=") {
		return fmt.Errorf("output %s not written: its name or value contains GitHub's file-command delimiter or a line break", name)
	}
	g.a.SetOutput(name, value)
	return nil
}

func (g *github) Annotate(level Level, msg string) {
	msg = Neutralize(msg)
	switch level {
	case Error:
		g.a.Errorf("%s", msg)
	case Warning:
		g.a.Warningf("%s", msg)
	default:
		g.a.Noticef("%s", msg)
	}
}

func (g *github) Group(title string) func() {
	g.a.Group(Neutralize(title))
	return g.a.EndGroup
}

func (g *github) Summary(markdown string) error {
	if g.env["GITHUB_STEP_SUMMARY"] == "" {
		return fmt.Errorf("step summary not written: GITHUB_STEP_SUMMARY is not set")
	}
	if strings.Contains(markdown, githubDelimiter) {
		return fmt.Errorf("step summary not written: it contains GitHub's file-command delimiter")
	}
	g.a.AddStepSummary(markdown)
	return nil
}

func (g *github) TagBuild(string) {}
