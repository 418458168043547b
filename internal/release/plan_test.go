package release

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/record"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	c, other := strings.Repeat("c0ffee", 7)[:40], strings.Repeat("bad000", 7)[:40]
	ours := record.Record{Build: "43", Environment: "production", Commit: c}.Message()
	theirs := record.Record{Build: "44", Environment: "production", Commit: c}.Message()
	tests := []struct {
		name               string
		tag, lane          *Existing
		createTag, addLane bool
		conflict, warning  string
	}{
		{"fresh release", nil, nil, true, true, "", ""},
		{"re-run, all done", &Existing{Commit: c, Annotated: true, Message: ours}, &Existing{Commit: c, Contains: true}, false, false, "", ""},
		{"crash after tag", &Existing{Commit: c, Annotated: true, Message: ours}, nil, false, true, "", ""},
		{"crash after lane", nil, &Existing{Commit: c, Contains: true}, true, false, "", ""},
		{"hotfixes pushed to the lane", &Existing{Commit: c, Annotated: true, Message: ours}, &Existing{Commit: other, Contains: true}, false, false, "", ""},
		{"tag elsewhere", &Existing{Commit: other, Annotated: true}, nil, false, false, "tag prod-43 already exists and points at " + other, ""},
		{"lane without the commit", nil, &Existing{Commit: other}, false, false, "branch hotfix/43 already exists at commit " + other, ""},
		{"both wrong", &Existing{Commit: other}, &Existing{Commit: other}, false, false, "tag prod-43", ""},
		{"lightweight tag at the commit", &Existing{Commit: c}, nil, false, true, "", "lightweight"},
		{"a tag made by hand at the commit", &Existing{Commit: c, Annotated: true, Message: "Release 43, by hand\n"}, nil, false, true, "", "is not hotlane's record of release 43"},
		{"another release's record at the commit", &Existing{Commit: c, Annotated: true, Message: theirs}, nil, false, true, "", "its record names release 44"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Decide(Facts{Build: "43", Commit: c, Tag: "prod-43", Lane: "hotfix/43", OnTag: tt.tag, OnLane: tt.lane})
			if p.CreateTag != tt.createTag || p.CreateLane != tt.addLane {
				t.Errorf("create tag=%v lane=%v, want %v %v", p.CreateTag, p.CreateLane, tt.createTag, tt.addLane)
			}
			got := strings.Join(p.Conflicts, "\n")
			if (tt.conflict == "") != (got == "") || !strings.Contains(got, tt.conflict) {
				t.Errorf("conflicts %q, want %q", got, tt.conflict)
			}
			if tt.conflict != "" && !strings.Contains(got, c) {
				t.Errorf("conflict does not name the release commit: %q", got)
			}
			warn := strings.Join(p.Warnings, "\n")
			if (tt.warning == "") != (warn == "") || !strings.Contains(warn, tt.warning) {
				t.Errorf("warnings %q, want %q", warn, tt.warning)
			}
			if p.Done() != (!tt.createTag && !tt.addLane && tt.conflict == "") {
				t.Errorf("Done() = %v", p.Done())
			}
		})
	}
}
