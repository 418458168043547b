package naming

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Vars are the values a template's placeholders take.
type Vars struct {
	Build string    // {build}
	Env   string    // {env}
	SHA   string    // {sha}; {short} is its first 12 characters
	Time  time.Time // {date}, as UTC YYYYMMDD
}

// Placeholders lists the placeholders a template may use.
var Placeholders = []string{"{build}", "{env}", "{sha}", "{short}", "{date}"}

// Template is a parsed tag or branch template such as "prod-{build}".
type Template struct {
	raw   string
	parts []string // literal text and placeholders, in order
}

var placeholderRE = regexp.MustCompile(`\{[^{}]*\}`)

// ParseTemplate parses raw. Every placeholder must be known, braces must
// pair, and {build} must appear, so that each release gets its own name and
// a name can be traced back to its build.
func ParseTemplate(raw string) (Template, error) {
	t := Template{raw: raw}
	if !utf8.ValidString(raw) {
		return Template{}, fmt.Errorf("template %q is not valid UTF-8", raw)
	}
	rest := raw
	for rest != "" {
		loc := placeholderRE.FindStringIndex(rest)
		if loc == nil {
			t.parts = append(t.parts, rest)
			break
		}
		if loc[0] > 0 {
			t.parts = append(t.parts, rest[:loc[0]])
		}
		ph := rest[loc[0]:loc[1]]
		if !isPlaceholder(ph) {
			return Template{}, fmt.Errorf("template %q: unknown placeholder %s (known: %s)", raw, ph, strings.Join(Placeholders, " "))
		}
		t.parts = append(t.parts, ph)
		rest = rest[loc[1]:]
	}
	for _, p := range t.parts {
		if !isPlaceholder(p) && strings.ContainsAny(p, "{}") {
			return Template{}, fmt.Errorf("template %q: unpaired brace in %q", raw, p)
		}
	}
	if !strings.Contains(raw, "{build}") {
		return Template{}, fmt.Errorf("template %q: must contain {build}, so that every release gets its own name", raw)
	}
	return t, nil
}

func isPlaceholder(s string) bool {
	for _, p := range Placeholders {
		if s == p {
			return true
		}
	}
	return false
}

// String returns the template as written.
func (t Template) String() string { return t.raw }

// Render fills in the placeholders.
func (t Template) Render(v Vars) string {
	var b strings.Builder
	for _, p := range t.parts {
		switch p {
		case "{build}":
			b.WriteString(v.Build)
		case "{env}":
			b.WriteString(v.Env)
		case "{sha}":
			b.WriteString(v.SHA)
		case "{short}":
			b.WriteString(Short(v.SHA))
		case "{date}":
			b.WriteString(v.Time.UTC().Format("20060102"))
		default:
			b.WriteString(p)
		}
	}
	return b.String()
}

// Short returns the 12-character abbreviation of a full sha.
func Short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// SampleVars are the values a template is checked with before anything is
// known about the real release.
var SampleVars = Vars{
	Build: "123",
	Env:   "production",
	SHA:   "0123456789abcdef0123456789abcdef01234567",
	Time:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
}

// Match reports whether name could have been rendered from t, and if so the
// build it names. env is the {env} value in force, matched in any case
// (tags written before names were lower-cased, such as Staging-46, are
// staging's).
func (t Template) Match(name, env string) (build string, ok bool) {
	var re strings.Builder
	re.WriteString("^")
	for _, p := range t.parts {
		switch p {
		case "{build}":
			re.WriteString("(?P<build>.+?)")
		case "{env}": // environment names compare in any case
			re.WriteString("(?i:" + regexp.QuoteMeta(env) + ")")
		case "{sha}":
			re.WriteString("[0-9a-f]{40,64}")
		case "{short}":
			re.WriteString("[0-9a-f]{12}")
		case "{date}":
			re.WriteString("[0-9]{8}")
		default:
			re.WriteString(regexp.QuoteMeta(p))
		}
	}
	re.WriteString("$")
	compiled, err := regexp.Compile(re.String())
	if err != nil { // an environment that is not valid UTF-8 names nothing
		return "", false
	}
	m := compiled.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// Matches says whether name could have been rendered from t.
func (t Template) Matches(name, env string) bool {
	_, ok := t.Match(name, env)
	return ok
}

// MustParseTemplate is ParseTemplate for a template written in code (a
// test's, a default): one that does not parse is a bug, and panics.
func MustParseTemplate(raw string) Template {
	t, err := ParseTemplate(raw)
	if err != nil {
		panic(err)
	}
	return t
}
