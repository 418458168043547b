package check

import (
	"context"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/policyio"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestRecordNamedLanesWhateverTheTemplates: a lane that a release record
// names is checked even when the templates in force match neither its
// name nor its tag's, and its missing hotfix fails the gate.
func TestRecordNamedLanesWhateverTheTemplates(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	g := func(args ...string) string { return gittest.Git(t, o.Clone, args...) }
	head := g("rev-parse", "HEAD")
	g("tag", "-a", "-m", "Production release 10\n\nHotlane-Release: 10\nHotlane-Environment: production\nHotlane-Commit: "+head+"\nHotlane-Lane: hotfix/10\n", "prod-10")
	g("checkout", "-q", "-b", "hotfix/10")
	gittest.Commit(t, o.Clone, "fix.go", "package shop\n", "fix: the price")
	g("push", "-q", "origin", "hotfix/10", "prod-10")
	g("checkout", "-q", "main")

	moved := options(t, o.Clone)
	moved.BranchTemplate, moved.Tags = naming.MustParseTemplate("release/{build}"), naming.MustParseTemplate("v{build}")
	res, err := Run(context.Background(), moved)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Report.Summary(); s.Lanes != 1 || s.Missing != 1 || res.Report.Lanes[0].Lane != "hotfix/10" {
		t.Errorf("the record-named lane under other templates: %+v, lanes %+v", s, res.Report.Lanes)
	}
}

// TestPolicyRef: the report names the policy in force, and says when the
// candidate's own file differs from it (deleted, changed, new).
func TestPolicyRef(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	rule := "promotion:\n  production: [staging]\n"
	main := gittest.Commit(t, o.Clone, policy.Name, rule, "ci: the policy")
	inForce := policyio.InForce{Commit: main, Branch: "main", Source: "origin/main", Found: true, Data: []byte(rule)}
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	gittest.Git(t, o.Clone, "rm", "-q", policy.Name)
	gittest.Git(t, o.Clone, "commit", "-q", "-m", "no rules")
	deleted := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	changed := gittest.Commit(t, o.Clone, policy.Name, "promotion: {}\n", "looser rules")

	tests := []struct {
		candidate string
		policy    policyio.InForce
		differs   bool
		note      string
	}{
		{main, inForce, false, ""},
		{deleted, inForce, true, "has no .hotlane.yml, but the rules in force are the main line's, .hotlane.yml at " + naming.Short(main) + " (origin/main)"},
		{changed, inForce, true, "differs from the policy in force"},
		{changed, policyio.InForce{Commit: main, Branch: "main", Source: "origin/main"}, true, "is not in force: the main line has no .hotlane.yml at "},
	}
	for _, tt := range tests {
		opts := options(t, o.Clone)
		opts.Candidate, opts.Policy = tt.candidate, tt.policy
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		ref := res.Report.Policy
		notes := strings.Join(res.Notes, "\n")
		if ref == nil || ref.Commit != main || ref.Source != "origin/main" || ref.CandidateDiffers != tt.differs || !strings.Contains(notes, tt.note) ||
			(tt.note == "" && strings.Contains(notes, policy.Name)) {
			t.Errorf("candidate %s: policy %+v, notes %q; want differs=%v and a note saying %q", naming.Short(tt.candidate), ref, notes, tt.differs, tt.note)
		}
	}
}
