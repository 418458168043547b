// Package verdict owns the backport gate's decision: for every hotfix
// commit of every lane, whether the release candidate already has its
// change, and the evidence (docs/contract.md "The backport gate"). It is pure: the git
// engine gathers commits, ancestry and patch-ids into an Input, and this
// package only reasons over it, so every rule is table-tested.
package verdict

import (
	"fmt"

	"github.com/hotlane/hotlane/internal/policy"
)

// The statuses, in the order they are tried: the first that applies wins.
const (
	Merged     = "merged"
	Picked     = "picked"
	Equivalent = "equivalent"
	Squashed   = "squashed"
	Reverted   = "reverted"
	Adapted    = "adapted"
	Superseded = "superseded"
	// ReleaseOnly is a change of the release's own identity (its version
	// string, its release notes): nothing the main line owes.
	ReleaseOnly = "release-only"
	Waived      = "waived"
	Missing     = "missing"
)

// Commit is one commit as the analysis sees it.
type Commit struct {
	SHA     string
	Subject string
	Author  string
	Message string // the full message, for trailers
	Merge   bool
	// Empty says the commit changes nothing against its first parent: it
	// is in no squash (it would "match" any squash of its neighbours).
	Empty   bool
	PatchID string // "" when not computed (merges, or no main-line commit changes the same paths)
	// Paths are the paths it changes, where the engine read them: for
	// hotfix commits left open, and for main-line commits whose normalised
	// subject is an open hotfix's (only the hotfix paths among theirs).
	// nil: not read.
	Paths []string
	// When is the committer time (Unix seconds): the nearest witness wins
	// a tie.
	When int64
	// Pins are the dependency and toolchain pins the commit moves, when
	// that is all it changes (nil otherwise), each with the candidate's.
	Pins []PinMove
	// Release says why each path the commit changes is the release's own
	// identity, when every one is (nil otherwise).
	Release []string
	// Evil names, for a merge commit of a lane, the paths where the merge
	// made a change of its own beyond its parents (lanescan's evilMerge
	// says exactly what counts). Only such merges are hotfix commits.
	Evil []string
}

// PinMove is one dependency or toolchain pin a hotfix moves, and what the
// candidate pins.
type PinMove struct {
	Path string // the file
	Name string // the module, image, action or tool
	Lane string // the version the hotfix pins
	Main string // the version the candidate pins; "" when it lacks the pin
	// Satisfied: the candidate pins the same or a newer version.
	Satisfied bool
}

// Range names consecutive lane commits First..Last (indexes into
// Lane.Commits, inclusive).
type Range struct{ First, Last int }

// Lane is one hotfix lane and its hotfix commits.
type Lane struct {
	Name string
	Base string // the release tag, or a commit when the tag is gone
	// Commits are the hotfix commits, base..lane without merges, oldest
	// first (parents before children).
	Commits []Commit
	// Ranges holds the patch-id of the combined change of consecutive
	// commits, for the ranges that could match a main-line commit.
	Ranges map[Range]string
	// Warnings are shown with the lane (a base that fell back to the
	// merge-base, say).
	Warnings []string
}

// MainCommit is a commit of the candidate's history.
type MainCommit struct {
	Commit
	// Lanes says for which lanes (by index) the commit counts: it is
	// reachable from the candidate and not from that lane's base.
	Lanes LaneSet
}

// Input is everything the analysis needs.
type Input struct {
	Candidate string
	Main      string
	Lanes     []Lane
	MainLine  []MainCommit
	// InCandidate says, for hotfix commits and for commits that trailers
	// name, whether the candidate contains them (is a descendant).
	InCandidate map[string]bool
	// Strict does not accept adapted copies: such hotfixes stay missing,
	// with the copy named in the evidence.
	Strict bool
	// Waivers are the repository policy file's waivers.
	Waivers []policy.Waiver
	// PickedVia says, for a commit a hotfix names as picked from that the
	// candidate lacks, which commits its own message names as picked from.
	PickedVia map[string][]string
	// Relations are how hotfix changes relate to the commits claimed to
	// carry them (see Claims), as the engine measured them.
	Relations map[Pair]Relation
	// ReleaseOnlyPaths are globs (MatchGlob) of files the policy declares
	// the release's own: a commit changing only such files is release-only.
	ReleaseOnlyPaths []string
	// OffMainLine are the commits of MainLine that the trusted main line
	// (the remote's main branch, where the policy in force is read) does
	// not have yet: a candidate's own commits. Their "Backport-Skip"
	// trailers waive nothing until merged, as the candidate's own policy
	// file; what they carry (their changes) still counts.
	OffMainLine map[string]bool
	// Reading, when set, keeps what the analysis reads from messages for
	// its next passes over this Input (the engine makes several); nil:
	// each pass reads them afresh. The verdicts are the same either way.
	Reading *Reading
}

// Verdict is the analysis' answer for one hotfix commit.
type Verdict struct {
	Commit   Commit
	Status   string
	Evidence string // a main-line or lane sha, or a waiver's reason and author
	// Claim says who wrote the evidence: ClaimMainLine (a reviewed
	// main-line commit's trailer), ClaimHotfix (the hotfix's own message,
	// accepted only once its change confirmed it), or "" (ancestry, the
	// patch, a policy waiver).
	Claim string
	// Note is what the gate verified or measured, for a reviewer: "9
	// shared changed lines", "v1.2.3 on the lane, v1.3.0 on main".
	Note string
	// Copy is, for a hotfix missing under --strict, the main-line commit
	// that holds an adapted copy.
	Copy string
}

// Who wrote a verdict's evidence.
const (
	ClaimMainLine = "main-line"
	ClaimHotfix   = "hotfix"
)

// LaneReport is one lane's verdicts.
type LaneReport struct {
	Lane     string
	Base     string
	Verdicts []Verdict
	Warnings []string
}

// Report is the whole answer.
type Report struct {
	Candidate string
	Main      string
	Lanes     []LaneReport
	// Problems are things a person must fix that are not missing commits
	// (a waiver without a reason).
	Problems []string
	// Policy names the policy file in force (nil: not known).
	Policy *PolicyRef
	// Notices are things a reviewer should know that fail nothing (a lane
	// that reverted a change the main line keeps).
	Notices []string
}

// Summary counts a report.
type Summary struct{ Lanes, Commits, Missing int }

// Summary counts lanes, hotfix commits and missing ones.
func (r Report) Summary() Summary {
	s := Summary{Lanes: len(r.Lanes)}
	for _, l := range r.Lanes {
		s.Commits += len(l.Verdicts)
		s.Missing += len(l.Missing())
	}
	return s
}

// Missing lists the lane's missing hotfix commits, in lane order: the one
// place that says which verdicts fail the gate.
func (l LaneReport) Missing() []Verdict {
	var out []Verdict
	for _, v := range l.Verdicts {
		if v.Status == Missing {
			out = append(out, v)
		}
	}
	return out
}

// Owing lists the lanes that have missing hotfix commits.
func (r Report) Owing() []LaneReport {
	var out []LaneReport
	for _, l := range r.Lanes {
		if len(l.Missing()) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// BackportCommand is the command that backports a missing commit.
func BackportCommand(sha string) string { return "git cherry-pick -x " + sha }

// Remedy says what to do about a missing hotfix commit: the command that
// backports it; for a merge's own change, how to see it; for an adapted
// copy refused by --strict, how to accept it (a cherry-pick would
// conflict with the copy the main line has).
func Remedy(v Verdict) string {
	switch {
	case v.Commit.Merge:
		return "port the merge's own change to the main line (see it with git show --remerge-diff " + short(v.Commit.SHA) + ")"
	case v.Copy != "":
		return fmt.Sprintf("the main line has an adapted copy, %s: accept it with a main-line trailer \"Backport-Skip: %s <reason>\" or a waiver in .hotlane.yml naming it, or run without --strict", short(v.Copy), short(v.Commit.SHA))
	}
	return BackportCommand(v.Commit.SHA)
}

// MissingLines describes each missing hotfix commit on one line, after
// lead ("the candidate lacks"), with the command that backports it.
func MissingLines(rep Report, lead string) []string {
	var out []string
	for _, l := range rep.Lanes {
		for _, v := range l.Missing() {
			out = append(out, fmt.Sprintf("%s hotfix commit %s %q of %s (by %s): %s",
				lead, short(v.Commit.SHA), v.Commit.Subject, l.Lane, v.Commit.Author, Remedy(v)))
		}
	}
	return out
}

// LaneSet is a set of lane indexes.
type LaneSet []uint64

// NewLaneSet returns an empty set able to hold n lanes.
func NewLaneSet(n int) LaneSet { return make(LaneSet, (n+63)/64) }

// Add puts lane i in the set.
func (s LaneSet) Add(i int) { s[i/64] |= 1 << (i % 64) }

// Intersects says whether s and o have a lane in common.
func (s LaneSet) Intersects(o LaneSet) bool {
	for i := range s {
		if i < len(o) && s[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

// Has says whether lane i is in the set.
func (s LaneSet) Has(i int) bool { return i/64 < len(s) && s[i/64]&(1<<(i%64)) != 0 }
