package check

import (
	"fmt"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/policyio"
)

// policyRef names the policy in force for the report, and says whether the
// candidate's own file differs from it: the rules are the main line's (a
// commit under test cannot loosen them); the candidate's file takes effect
// once merged. A candidate whose file cannot be read is said so, never an
// error: it is not the policy in force.
func policyRef(repo *git.Repository, candidate plumbing.Hash, pol policyio.InForce) (*verdict.PolicyRef, []string) {
	ref := &verdict.PolicyRef{Path: policy.Name, Commit: pol.Commit, Source: pol.Source, Found: pol.Found}
	commit, err := repo.CommitObject(candidate)
	if err != nil {
		return ref, nil
	}
	data, found, err := policyio.ReadAt(commit)
	if err != nil {
		ref.CandidateDiffers = true
		return ref, []string{fmt.Sprintf("the candidate's own %s could not be read (%v); the policy in force is %s", policy.Name, err, pol.Describe())}
	}
	if !pol.Differs(data, found) {
		return ref, nil
	}
	ref.CandidateDiffers = true
	short := naming.Short(candidate.String())
	switch {
	case !found:
		return ref, []string{fmt.Sprintf("the candidate %s has no %s, but the rules in force are the main line's, %s: a candidate cannot loosen them",
			short, policy.Name, pol.Describe())}
	case !pol.Found:
		return ref, []string{fmt.Sprintf("the candidate's %s (at %s) is not in force: the main line has %s; the file takes effect once merged",
			policy.Name, short, pol.Describe())}
	}
	return ref, []string{fmt.Sprintf("the candidate's %s (at %s) differs from the policy in force, %s: the rules in force are the main line's; "+
		"the candidate's file takes effect once merged", policy.Name, short, pol.Describe())}
}
