package ci

import (
	"fmt"
	"io"
	"os"
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
	return fileCommand("output "+name, "GITHUB_OUTPUT", g.files.Output, func() { g.a.SetOutput(name, value) })
}

// fileCommand runs a go-githubactions file command, which panics when it
// cannot write its file: the file is opened first, so that an unwritable
// one (a directory, a read-only path) is an error that names it, and a
// panic is turned into one too.
func fileCommand(what, variable, path string, write func()) (err error) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("%s not written: %s (%s) cannot be written: %w", what, variable, path, err)
	}
	f.Close()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s not written: %s (%s): %v", what, variable, path, r) // r is the panic value, not an error
		}
	}()
	write()
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
	return fileCommand("step summary", "GITHUB_STEP_SUMMARY", g.files.Summary, func() { g.a.AddStepSummary(markdown) })
}

func (g *github) TagBuild(string) {}
