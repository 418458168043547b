package release

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	c, other := strings.Repeat("c0ffee", 7)[:40], strings.Repeat("bad000", 7)[:40]
	ours := record.Record{Build: "43", Environment: "production", Commit: c}.Message()
	theirs := record.Record{Build: "44", Environment: "production", Commit: c}.Message()
	prods := record.Record{Build: "43", Environment: "prod", Commit: c}.Message()
	inCapitals := record.Record{Build: "43", Environment: "Production", Commit: c}.Message()
	elsewhere := record.Record{Build: "43", Environment: "production", Commit: other}.Message()
	unnamed := "Release 43\n\nHotlane-Release: 43\nHotlane-Commit: " + c + "\n"
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
		{"another release's record at the commit", &Existing{Commit: c, Annotated: true, Message: theirs}, nil, false, false,
			"tag prod-43 already exists at the release commit " + c + " as hotlane's record of production release 44, not of production release 43", ""},
		{"another environment's record at the commit", &Existing{Commit: c, Annotated: true, Message: prods}, nil, false, false,
			"as hotlane's record of prod release 43, not of production release 43", ""},
		{"a record that names another commit", &Existing{Commit: c, Annotated: true, Message: elsewhere}, nil, false, false,
			"record of production release 43 at commit bad000bad000", ""},
		{"our record, the environment in capitals", &Existing{Commit: c, Annotated: true, Message: inCapitals}, nil, false, true, "", ""},
		{"our record from before environments", &Existing{Commit: c, Annotated: true, Message: unnamed}, nil, false, true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Decide(Facts{Build: "43", Environment: "production", Commit: c, Tag: "prod-43", Lane: "hotfix/43", OnTag: tt.tag, OnLane: tt.lane})
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

// TestCheckRecord: a release whose record would not read back is bad
// input, found before anything changes, naming the field and its value.
func TestCheckRecord(t *testing.T) {
	t.Parallel()
	c := strings.Repeat("c0ffee", 7)[:40]
	req := Options{Record: record.Record{Build: "43", Environment: "production", Commit: c, Source: "main"},
		TagTemplate: naming.MustParseTemplate("prod-{build}"), BranchTemplate: naming.MustParseTemplate("hotfix/{build}")}
	if err := CheckRecord(req); err != nil {
		t.Fatalf("a good record: %v", err)
	}
	for source, want := range map[string]string{
		"feature x":          `Hotlane-Source "feature x" is not a branch name: it contains ' '`,
		"main\nHotlane-X: y": `Hotlane-Source "main\nHotlane-X: y"`,
		"ma\u202ein":         "U+202E",
	} {
		bad := req
		bad.Record.Source = source
		err := CheckRecord(bad)
		if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("source %q: kind %v %v, want a usage error with %q", source, fault.KindOf(err), err, want)
		}
	}
	lane := req
	lane.BranchTemplate = naming.MustParseTemplate("hotfix/{build}\u2067")
	if err := CheckRecord(lane); !fault.Is(err, fault.Invalid) {
		t.Errorf("a lane with a bidi control: %v", err)
	}
}
