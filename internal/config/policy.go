package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
)

// WithPolicy gives the settings the policy file's defaults where no flag,
// HOTLANE_* variable or action input set them (s.Given): the precedence is
// flag, HOTLANE_*, action input, the policy file, the CI's own variables,
// then the built-in default (no CI variable gives a setting the file
// does). from says which file (".hotlane.yml at 1a2b3c4d5e6f (origin/main)")
// for messages. A template is checked as a flag's is, with the build and
// environment in force; every problem is reported at once (exit 2).
// defaults.main is not a setting here: the main line decides where the
// file is read, so the reader checks that it names that branch.
func WithPolicy(s Settings, d policy.Defaults, from string) (Settings, error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if d.BranchTemplate != "" && !s.Given["BRANCH_TEMPLATE"] {
		s.BranchTemplate = checkTemplate("defaults.branch-template", d.BranchTemplate, s, bad)
	}
	if d.TagTemplate != "" && !s.Given["TAG_TEMPLATE"] {
		s.TagTemplate = checkTemplate("defaults.tag-template", d.TagTemplate, s, bad)
		s.Tags = naming.GivenTagTemplate(s.TagTemplate)
	}
	if d.Strict != nil && !s.Given["STRICT"] {
		s.Strict = *d.Strict
	}
	if len(problems) > 0 {
		return s, fault.Wrap(fault.Invalid, errors.New("the policy in force, "+from+", gives defaults that cannot be used (nothing was changed; "+
			"fix the file on the main line, or override the setting with its flag):\n  - "+strings.Join(problems, "\n  - ")))
	}
	return s, nil
}
