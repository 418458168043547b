package naming

import (
	"fmt"
	"regexp"
	"strings"
)

// Production is the environment that owns the hotfix lanes and the
// hotfix-dev sync: a release to any other environment creates no lane
// unless asked (--lane), and the gate reads production's lanes.
const Production = "production"

// MaxEnvironment is the longest environment name: long enough for
// "eu-west-1.production-canary", short enough to stay one word in a tag.
const MaxEnvironment = 64

var environmentRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CheckEnvironment reports why name is not an environment name: one word
// of letters, digits, ".", "_" and "-" that begins with a letter or a
// digit, at most MaxEnvironment characters. Names compare
// case-insensitively (SameEnvironment); CanonicalEnvironment is the form
// hotlane writes.
func CheckEnvironment(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("is empty")
	case len(name) > MaxEnvironment:
		return fmt.Errorf("is longer than %d characters", MaxEnvironment)
	case !environmentRE.MatchString(name):
		if err := CheckVisible(name); err != nil {
			return err
		}
		return fmt.Errorf("is not one word of letters, digits, '.', '_' and '-' beginning with a letter or digit")
	case strings.Contains(name, ".."):
		return fmt.Errorf("contains %q", "..")
	}
	return nil
}

// CanonicalEnvironment is the form of an environment name that hotlane
// writes in records and renders in templates: trimmed, in lower case, so
// that "Production" and "production" are one environment.
func CanonicalEnvironment(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// SameEnvironment says whether a and b name one environment: names
// compare case-insensitively, surrounding space ignored. A record's
// Hotlane-Environment is compared with it, never with ==.
func SameEnvironment(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// CheckBuild reports why build is not a build id: a build id names a tag,
// so it follows git's ref-name rules (CheckRefName), and it is one word.
func CheckBuild(build string) error {
	if err := CheckRefName(build); err != nil {
		return err
	}
	if strings.ContainsAny(build, " \t") {
		return fmt.Errorf("contains white space")
	}
	return nil
}

// DefaultTagTemplate is an environment's release tag template when none
// is given (docs/contract.md): prod-{build} for production, {env}-{build} for any
// other, so that a staging deploy is never recorded as production's.
func DefaultTagTemplate(env string) string {
	if SameEnvironment(env, Production) {
		return "prod-{build}"
	}
	return "{env}-{build}"
}

// TagTemplates says which template each environment's release tags use:
// the one given (for every environment; it may hold {env}), else each
// environment's default. The zero value gives the defaults.
type TagTemplates struct {
	given *Template
}

// GivenTagTemplate makes every environment use t.
func GivenTagTemplate(t Template) TagTemplates { return TagTemplates{given: &t} }

// For is env's release tag template.
func (ts TagTemplates) For(env string) Template {
	if ts.given != nil {
		return *ts.given
	}
	return MustParseTemplate(DefaultTagTemplate(env))
}

// SampleBuilds are the build ids a collision between environments' tags
// is looked for with: a run number, a version, a dated build.
var SampleBuilds = []string{"31", "1.2.3", "2026.12.01-4"}

// Collision says how the release tags of environments a and b could be
// taken for each other ("" when they cannot): a tag of a's that b's
// template matches, or one of b's that a's matches, for any of the
// SampleBuilds. Such a tag would make one environment's release look like
// the other's: an existing tag would be taken as "already released", and
// status and rollback would read the wrong ledger.
func (ts TagTemplates) Collision(a, b string) string {
	if SameEnvironment(a, b) {
		return ""
	}
	for _, pair := range [][2]string{{a, b}, {b, a}} {
		mine, theirs := ts.For(pair[0]), ts.For(pair[1])
		for _, build := range SampleBuilds {
			vars := SampleVars
			vars.Build, vars.Env = build, pair[0]
			name := mine.Render(vars)
			if theirBuild, ok := theirs.Match(name, pair[1]); ok {
				return fmt.Sprintf("%s's release %s would be tagged %s (template %s), which %s's template %s reads as %s's release %s",
					pair[0], build, name, mine, pair[1], theirs, pair[1], theirBuild)
			}
		}
	}
	return ""
}

// CheckEnvironments reports the first pair of envs whose release tags
// could be taken for each other (Collision), nil when none can.
func (ts TagTemplates) CheckEnvironments(envs []string) error {
	for i, a := range envs {
		for _, b := range envs[i+1:] {
			if why := ts.Collision(a, b); why != "" {
				return fmt.Errorf("environments %s and %s cannot be told apart by their tags: %s", a, b, why)
			}
		}
	}
	return nil
}
