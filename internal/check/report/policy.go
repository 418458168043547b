package report

import (
	"fmt"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// policyLine names the policy in force, the file whose rules the report
// applied ("" when the report does not know it): a reviewer sees which
// commit's rules judged the candidate, and that a candidate's own file
// that differs is not in force yet.
func policyLine(p *verdict.PolicyRef) string {
	if p == nil {
		return ""
	}
	var line string
	switch {
	case p.Commit == "":
		line = fmt.Sprintf("Policy: none (no main line to read %s from)", p.Path)
	case !p.Found:
		line = fmt.Sprintf("Policy: none (no %s at %s, %s)", p.Path, short(p.Commit), p.Source)
	default:
		line = fmt.Sprintf("Policy: %s at %s (%s)", p.Path, short(p.Commit), p.Source)
	}
	if p.CandidateDiffers {
		line += fmt.Sprintf("; the candidate's own %s differs and takes effect once merged", p.Path)
	}
	return line
}

// jsonPolicy is the report's "policy" field.
type jsonPolicy struct {
	Path   string `json:"path"`
	Commit string `json:"commit"`
	Source string `json:"source"`
	Found  bool   `json:"found"`
	// Differs says the candidate's own file differs from this one.
	Differs bool `json:"differs"`
}

func policyJSON(p *verdict.PolicyRef) *jsonPolicy {
	if p == nil {
		return nil
	}
	return &jsonPolicy{Path: p.Path, Commit: p.Commit, Source: p.Source, Found: p.Found, Differs: p.CandidateDiffers}
}
