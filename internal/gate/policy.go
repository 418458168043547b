package gate

import (
	"errors"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/exit"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
)

// readPolicy reads the policy file as the candidate has it: a change to it
// is reviewed and released like code. No file is no policy; a file that
// cannot be read is bad input (exit 2), never ignored.
func readPolicy(repo *git.Repository, candidate plumbing.Hash) (policy.File, error) {
	commit, err := repo.CommitObject(candidate)
	if err != nil {
		return policy.File{}, exit.Failuref("read the candidate %s: %v", naming.Short(candidate.String()), err)
	}
	file, err := commit.File(policy.Name)
	if errors.Is(err, object.ErrFileNotFound) {
		return policy.File{}, nil
	}
	if err != nil {
		return policy.File{}, exit.Failuref("read %s at the candidate %s: %v", policy.Name, naming.Short(candidate.String()), err)
	}
	text, err := file.Contents()
	if err != nil {
		return policy.File{}, exit.Failuref("read %s at the candidate %s: %v", policy.Name, naming.Short(candidate.String()), err)
	}
	f, err := policy.Parse([]byte(text))
	if err != nil {
		return policy.File{}, exit.Usagef("the policy file at the candidate %s: %v (nothing was checked; fix the file)", naming.Short(candidate.String()), err)
	}
	return f, nil
}

// withDefaults gives the settings that no flag, variable or input set the
// policy file's defaults.
func withDefaults(o Options, d policy.Defaults) (Options, error) {
	if d.Main != "" && !o.Given["MAIN"] {
		o.Main = d.Main
	}
	for _, t := range []struct {
		key, value string
		into       *naming.Template
	}{{"BRANCH_TEMPLATE", d.BranchTemplate, &o.Branches}, {"TAG_TEMPLATE", d.TagTemplate, &o.Tags}} {
		if t.value == "" || o.Given[t.key] {
			continue
		}
		tmpl, err := naming.ParseTemplate(t.value)
		if err != nil {
			return o, exit.Usagef("%s: %v", policy.Name, err)
		}
		*t.into = tmpl
	}
	if d.Strict != nil && !o.Given["STRICT"] {
		o.Strict = *d.Strict
	}
	return o, nil
}
