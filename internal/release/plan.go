package release

import (
	"fmt"

	"github.com/hotlane/hotlane/internal/fault"
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
	Build       string    // the release's build id
	Environment string    // where it was deployed ("": production)
	Commit      string    // the release commit, full sha
	Tag         string    // release tag name
	Lane        string    // lane branch name; "": the release has no lane
	OnTag       *Existing // the remote's tag, nil when absent
	OnLane      *Existing // the remote's lane, nil when absent
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
// created at all. A tag at the release commit is "already done" only when
// it is hotlane's record of this environment's release of this build at
// this commit; the record of another environment or build is a conflict
// (its tags and this one's cannot both be right); an annotated tag that is
// no record, or a lightweight tag, is kept with a warning.
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
		if warning, conflict := foreign(f); conflict != "" {
			p.Conflicts = append(p.Conflicts, conflict)
		} else if warning != "" {
			p.Warnings = append(p.Warnings, warning)
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

// foreign says why an annotated tag at the release commit is not hotlane's
// record of this release: a warning for a tag that holds no record, a
// conflict for the record of another release (both "" when it is this
// release's record).
func foreign(f Facts) (warning, conflict string) {
	rec, err := record.Parse(f.OnTag.Message)
	if err != nil {
		return fmt.Sprintf("tag %s exists at the release commit but is not hotlane's record of release %s (%v): "+
			"made by hand or by another tool? It is kept as it is, and status and rollback will not see this release", f.Tag, f.Build, err), ""
	}
	env := environmentOf(f.Environment)
	if naming.SameEnvironment(environmentOf(rec.Environment), env) && rec.Build == f.Build && rec.Commit == f.Commit {
		return "", ""
	}
	theirs := fmt.Sprintf("%s release %s", environmentOf(rec.Environment), rec.Build)
	if rec.Commit != f.Commit {
		theirs += " at commit " + naming.Short(rec.Commit)
	}
	return "", fmt.Sprintf("tag %s already exists at the release commit %s as hotlane's record of %s, not of %s release %s; "+
		"a release tag is never moved or rewritten: release under another build id (--build), or, if that record is wrong, have a "+
		"maintainer remove the tag by hand", f.Tag, f.Commit, theirs, env, f.Build)
}

// environmentOf is env, or production for a record or a release that
// names none (production's, from before environments).
func environmentOf(env string) string {
	if env == "" {
		return naming.Production
	}
	return env
}

// CheckRecord refuses (exit 2, before anything changes) a release whose
// record would not read back as itself (record.CheckWritable: a source
// branch with a space, a CI value with a line break, a bidi control), so
// that no release writes a record that status, rollback and check cannot
// read.
func CheckRecord(req Options) error {
	_, lane, err := Names(req)
	if err != nil {
		return err
	}
	rec := req.Record
	rec.Lane = lane
	if err := rec.CheckWritable(); err != nil {
		return fault.Invalidf("release %s cannot be recorded (nothing was changed): %w", rec.Build, err)
	}
	return nil
}
