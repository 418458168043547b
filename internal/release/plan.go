package release

import (
	"fmt"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// Existing describes a ref that already exists on the remote.
type Existing struct {
	Commit    string // the commit it ends at
	Annotated bool   // for tags
	// Contains says whether a lane holds the release commit (the commit is
	// the lane's tip or one of its ancestors).
	Contains bool
	// Message is an annotated tag's message: hotlane's record, or not.
	Message string
}

// Facts are what is known before deciding.
type Facts struct {
	Build  string    // the release's build id
	Commit string    // the release commit, full sha
	Tag    string    // release tag name
	Lane   string    // lane branch name; "": the release has no lane
	OnTag  *Existing // the remote's tag, nil when absent
	OnLane *Existing // the remote's lane, nil when absent
}

// Plan is the decision.
type Plan struct {
	CreateTag  bool
	CreateLane bool
	NoLane     bool // the release has no lane
	Warnings   []string
	Conflicts  []string // non-empty: change nothing, exit 3
}

// Done says there is nothing left to do.
func (p Plan) Done() bool { return !p.CreateTag && !p.CreateLane && len(p.Conflicts) == 0 }

// Decide works out what to create. A ref that exists where it should is
// left alone; one that exists elsewhere is a conflict, and then nothing is
// created at all.
func Decide(f Facts) Plan {
	var p Plan
	switch {
	case f.OnTag == nil:
		p.CreateTag = true
	case f.OnTag.Commit != f.Commit:
		p.Conflicts = append(p.Conflicts, fmt.Sprintf("tag %s already exists and points at %s, not at the release commit %s; "+
			"a release tag is never moved: release this commit under another build id (--build), or have a maintainer "+
			"remove the wrong tag by hand", f.Tag, f.OnTag.Commit, f.Commit))
	case !f.OnTag.Annotated:
		p.Warnings = append(p.Warnings, fmt.Sprintf("tag %s exists at the release commit but is a lightweight tag without a release "+
			"record; it is kept as it is, and status and rollback will not see this release", f.Tag))
	default:
		if why := foreign(f.OnTag.Message, f.Build, f.Commit); why != "" {
			p.Warnings = append(p.Warnings, fmt.Sprintf("tag %s exists at the release commit but is not hotlane's record of release %s (%s): "+
				"made by hand or by another tool? It is kept as it is, and status and rollback will not see this release", f.Tag, f.Build, why))
		}
	}
	switch {
	case f.Lane == "":
		p.NoLane = true
	case f.OnLane == nil:
		p.CreateLane = true
	case !f.OnLane.Contains:
		p.Conflicts = append(p.Conflicts, fmt.Sprintf("branch %s already exists at commit %s, which does not contain the release "+
			"commit %s; a lane is never reset: release under another build id (--build) or another --branch-template, or "+
			"merge %s into the branch by hand", f.Lane, f.OnLane.Commit, f.Commit, naming.Short(f.Commit)))
	}
	if len(p.Conflicts) > 0 {
		p.CreateTag, p.CreateLane = false, false
	}
	return p
}

// foreign says why an annotated tag's message is not the record of
// release build at commit ("" when it is).
func foreign(message, build, commit string) string {
	rec, err := record.Parse(message)
	switch {
	case err != nil:
		return err.Error()
	case rec.Build != build:
		return "its record names release " + rec.Build
	case rec.Commit != commit:
		return "its record names commit " + naming.Short(rec.Commit)
	}
	return ""
}

// Tagged is one release tag found on the remote.
type Tagged struct {
	Build, Tag, Commit string
	Lane               string // where known (a rollback's target)
}
