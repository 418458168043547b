package naming

// Production is the environment that owns the hotfix lanes and the
// hotfix-dev sync: a release to any other environment creates no lane
// unless asked (--lane), and the gate reads production's lanes.
const Production = "production"

// DefaultTagTemplate is an environment's release tag template when none
// is given (SPEC.md): prod-{build} for production, {env}-{build} for any
// other, so that a staging deploy is never recorded as production's.
func DefaultTagTemplate(env string) string {
	if env == Production {
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
