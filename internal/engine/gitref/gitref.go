// Package gitref owns the git vocabulary the engines and the commands
// share: a ref a remote advertises and the remote's state, a ref to
// create, what a push did, who signs a tag, and an access error. Both
// engines (gitrepo over git, ghapi over the GitHub API) speak it, so no
// command or engine depends on another engine for its words. Pure.
package gitref

import "time"

// RemoteRef is one ref the remote advertises.
type RemoteRef struct {
	Name   string // full name, such as refs/tags/prod-43
	Hash   string // what the ref points at: a commit, or a tag object
	Peeled string // for an annotated tag, the commit it points at
}

// Commit is the commit the ref ends at.
func (r RemoteRef) Commit() string {
	if r.Peeled != "" {
		return r.Peeled
	}
	return r.Hash
}

// Annotated says the ref is an annotated tag.
func (r RemoteRef) Annotated() bool { return r.Peeled != "" }

// RemoteState is what the remote had when it was read.
type RemoteState struct {
	Refs map[string]RemoteRef
	// HeadBranch is the remote's default branch, if it says.
	HeadBranch string
}

// Ref returns the named ref, if the remote has it.
func (s RemoteState) Ref(name string) (RemoteRef, bool) {
	r, ok := s.Refs[name]
	return r, ok
}

// Create is one ref to create on the remote.
type Create struct {
	Ref  string // full remote ref name
	Hash string // the object it is to point at
}

// PushResult says what a push did.
type PushResult struct {
	Atomic   bool
	Created  []string          // refs the remote accepted
	Rejected map[string]string // refs the remote refused, with its reason
}

// Signature names who made a tag.
type Signature struct {
	Name, Email string
	When        time.Time
}

// TagObject is what an annotated tag says of itself: its message (a
// release record, or not) and who made it, when.
type TagObject struct {
	Message string
	Tagger  Signature
}

// AccessError is a failure to authenticate or a missing permission.
type AccessError struct{ msg string }

// NewAccessError returns an AccessError with msg.
func NewAccessError(msg string) error { return &AccessError{msg: msg} }

func (e *AccessError) Error() string { return e.msg }

// Tag is one tag of a clone, peeled: what the release ledger reads.
type Tag struct {
	Name      string
	Commit    string // the commit it points at
	Message   string // "" for a lightweight tag
	Annotated bool
	// Tagged is the tagger's time of an annotated tag (zero for a
	// lightweight tag): when the tag was made, by its maker's clock.
	Tagged time.Time
	// Tagger is who made an annotated tag (its When is Tagged).
	Tagger Signature
}
