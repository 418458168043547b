// Package ci owns hotlane's conversation with the CI system it runs in:
// which one it is, what it says about the run (build, commit, branch, URL,
// actor), and how to talk back (outputs, masks, annotations, log groups,
// summaries, env files). Text from git is untrusted and is neutralised here
// before it reaches a CI log. The package never reads the process
// environment: callers hand it the environment as a map.
package ci

import (
	"io"
	"sort"
	"strings"
	"time"
)

// The CI systems hotlane knows.
const (
	GitHub  = "github"
	Jenkins = "jenkins"
	Azure   = "azure"
	GitLab  = "gitlab"
	None    = "none"
)

// Kinds lists the valid values of --ci.
var Kinds = []string{GitHub, Jenkins, Azure, GitLab, None}

// Detect names the CI system that env belongs to, or None.
func Detect(env map[string]string) string {
	switch {
	case env["GITHUB_ACTIONS"] == "true":
		return GitHub
	case strings.EqualFold(env["TF_BUILD"], "true"):
		return Azure
	case env["GITLAB_CI"] == "true":
		return GitLab
	case env["JENKINS_URL"] != "" || (env["JENKINS_HOME"] != "" && env["BUILD_NUMBER"] != ""):
		return Jenkins
	}
	return None
}

// Level is the severity of an annotation.
type Level int

// Annotation levels.
const (
	Notice Level = iota
	Warning
	Error
)

// Platform is how hotlane talks back to the CI. Every method is safe to
// call on every platform; where the CI has no such channel it does nothing.
type Platform interface {
	// Name is one of Kinds.
	Name() string
	// Mask asks the CI to hide secret in its logs from now on.
	Mask(secret string)
	// SetOutput hands a value to later steps or stages.
	SetOutput(name, value string) error
	// Annotate raises a message in the CI's UI. msg may hold untrusted text.
	Annotate(level Level, msg string)
	// Group starts a collapsible log section; the returned func ends it.
	Group(title string) (end func())
	// Summary appends markdown to the run's summary page.
	Summary(markdown string) error
	// TagBuild labels the CI run itself (Azure build tags).
	TagBuild(label string)
}

// Files are the files a CI hands a step for its outputs and summary
// (GitHub's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY); config reads them.
type Files struct {
	Output  string
	Summary string
}

// New returns the Platform for kind. A CI's commands go to commands; where
// there is no CI to read them (Jenkins, GitLab, none), annotations are
// plain lines for a person, written to log.
func New(kind string, files Files, commands, log io.Writer) Platform {
	switch kind {
	case GitHub:
		return newGitHub(files, commands)
	case Azure:
		return &azure{w: commands}
	case GitLab:
		return &gitlab{plain: plain{name: kind, w: log}, w: commands, now: time.Now}
	default:
		return &plain{name: kind, w: log}
	}
}

// SortedKeys returns m's keys in order; output must not depend on map order.
func SortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
