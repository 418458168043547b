package config

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// resolveRecordFields takes what the release record says about the run:
// the source branch, the pipeline's URL, the actor, the build rolled back.
// A value given by flag, HOTLANE_* or input that the record cannot hold is
// bad input (exit 2); one the CI gave is left out of the record, with a
// warning: the deploy has happened, and a CI's odd variable (Azure's
// refs/pull/5/merge, say) must not stop it being recorded.
func resolveRecordFields(s *Settings, r raw, ctx ci.Context, bad func(string, ...any)) {
	for _, f := range []struct {
		flag, key, given, fromCI, what string
		into                           *string
	}{
		{"--source-branch", record.KeySource, r.SourceBranch, ctx.SourceBranch, "branch", &s.SourceBranch},
		{"--pipeline-url", record.KeyPipeline, r.PipelineURL, ctx.PipelineURL, "run URL", &s.PipelineURL},
		{"", record.KeyActor, "", ctx.Actor, "actor", &s.Actor},
		{"--rollback-of", record.KeyRollbackOf, r.RollbackOf, "", "", &s.RollbackOf},
	} {
		switch {
		case f.given != "":
			*f.into = f.given
			if err := record.CheckField(f.key, f.given); err != nil {
				bad("%s: %v", f.flag, err)
			}
		case f.fromCI != "":
			*f.into = ""
			if err := record.CheckField(f.key, f.fromCI); err != nil {
				s.Warnings = append(s.Warnings, describeDropped(f.what, f.fromCI, err))
				continue
			}
			*f.into = f.fromCI
		}
	}
}

// resolveEnvironments reads the environment in force and the ones that must
// have released first, in their canonical form (lower case: names compare
// case-insensitively), and refuses environments whose release tags could
// be taken for each other's (naming.TagTemplates.Collision): production's
// and the one in force always, and each named by --require-released-in.
func resolveEnvironments(s *Settings, r raw, bad func(string, ...any)) (ok bool) {
	ok = true
	s.Environment = naming.CanonicalEnvironment(cmp.Or(r.Environment, defaults["ENVIRONMENT"]))
	if err := naming.CheckEnvironment(s.Environment); err != nil {
		bad("--environment %q: not an environment name: it %v", strings.TrimSpace(r.Environment), err)
		ok = false
	}
	for _, env := range splitList(r.RequireReleasedIn) {
		canonical := naming.CanonicalEnvironment(env)
		switch {
		case naming.CheckEnvironment(canonical) != nil:
			bad("--require-released-in %q: not an environment name: it %v", env, naming.CheckEnvironment(canonical))
			ok = false
		case canonical == s.Environment:
			bad("--require-released-in %q: the environment being released to cannot be its own earlier stage", env)
		case !contains(s.RequireReleasedIn, canonical):
			s.RequireReleasedIn = append(s.RequireReleasedIn, canonical)
		}
	}
	return ok
}

// checkCollisions refuses environments the command knows whose release
// tags the templates in force cannot tell apart.
func checkCollisions(s *Settings, bad func(string, ...any)) {
	envs := []string{s.Environment}
	for _, env := range append([]string{naming.Production}, s.RequireReleasedIn...) {
		if !contains(envs, env) {
			envs = append(envs, env)
		}
	}
	if err := s.Tags.CheckEnvironments(envs); err != nil {
		bad("--environment %s: %v. Name the environment so that neither template reads the other's tags (eu-prod rather "+
			"than prod-eu), or give a --tag-template whose {env} keeps them apart", s.Environment, err)
	}
}

// describeDropped is the warning for a value the CI gave that cannot go
// in the release record.
func describeDropped(what, value string, err error) string {
	return fmt.Sprintf("the CI's %s %q is left out of the release record: %v", what, value, err)
}
