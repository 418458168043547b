package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// TestReportNamesThePolicy: every format but JUnit names the policy in
// force and its commit, and says when the candidate's own file differs.
func TestReportNamesThePolicy(t *testing.T) {
	t.Parallel()
	rep := sample()
	rep.Policy = &verdict.PolicyRef{Path: ".hotlane.yml", Commit: "abcdef0123456789abcdef0123456789abcdef01", Source: "origin/main", Found: true, CandidateDiffers: true}
	want := "Policy: .hotlane.yml at abcdef012345 (origin/main); the candidate's own .hotlane.yml differs and takes effect once merged"
	if got := Text(rep); !strings.Contains(got, "\n"+want+"\n") {
		t.Errorf("text:\n%s\nwant the line %q", got, want)
	}
	if got := Markdown(rep, 0); !strings.Contains(got, `Policy: .hotlane.yml at abcdef012345 (origin/main); the candidate's own .hotlane.yml differs`) {
		t.Errorf("markdown:\n%s", got)
	}
	data, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Policy map[string]any `json:"policy"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Policy["path"] != ".hotlane.yml" || doc.Policy["commit"] != rep.Policy.Commit || doc.Policy["source"] != "origin/main" ||
		doc.Policy["found"] != true || doc.Policy["differs"] != true {
		t.Errorf("json policy %v", doc.Policy)
	}
	rep.Policy = &verdict.PolicyRef{Path: ".hotlane.yml", Commit: "abcdef0123456789abcdef0123456789abcdef01", Source: "origin/main"}
	if got := Text(rep); !strings.Contains(got, "\nPolicy: none (no .hotlane.yml at abcdef012345, origin/main)\n") {
		t.Errorf("no file in force:\n%s", got)
	}
}
