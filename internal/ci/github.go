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
	a     *githubactions.Action
	files Files
}

func newGitHub(files Files, w io.Writer) *github {
	// go-githubactions finds its files through getenv; it is given only
	// the two that config read, never the process environment.
	getenv := func(k string) string {
		switch k {
		case "GITHUB_OUTPUT":
			return files.Output
		case "GITHUB_STEP_SUMMARY":
			return files.Summary
		}
		return ""
	}
	a := githubactions.New(githubactions.WithWriter(w), githubactions.WithGetenv(getenv))
	return &github{a: a, files: files}
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
	if g.files.Output == "" {
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
	if g.files.Summary == "" {
		return fmt.Errorf("step summary not written: GITHUB_STEP_SUMMARY is not set")
	}
	if strings.Contains(markdown, githubDelimiter) {
		return fmt.Errorf("step summary not written: it contains GitHub's file-command delimiter")
	}
	g.a.AddStepSummary(markdown)
	return nil
}

func (g *github) TagBuild(string) {}
