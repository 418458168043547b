// Package record owns the release record: the machine-readable message of a
// release tag (SPEC.md "The release record"), written by release and read
// back by status, rollback and check. Git is the database; these trailers are
// its rows. Pure: no I/O.
package record

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/hotlane/hotlane/internal/naming"
)

// Record is what hotlane knows about one release.
type Record struct {
	Build       string
	Environment string
	Commit      string // full sha of the deployed commit
	Lane        string // hotfix branch created for the release
	Source      string // branch the deployed commit came from
	Pipeline    string // URL of the pipeline run
	Actor       string // who or what ran the pipeline
	Time        time.Time
	RollbackOf  string // build this release rolled back, if any
}

// The trailer keys, in the order they are written.
const (
	KeyRelease     = "Hotlane-Release"
	KeyEnvironment = "Hotlane-Environment"
	KeyCommit      = "Hotlane-Commit"
	KeyLane        = "Hotlane-Lane"
	KeySource      = "Hotlane-Source"
	KeyPipeline    = "Hotlane-Pipeline"
	KeyActor       = "Hotlane-Actor"
	KeyTime        = "Hotlane-Time"
	KeyRollbackOf  = "Hotlane-Rollback-Of"
)

// Message renders r as a tag message: a human line, a blank line, trailers.
// Values are kept to one line each; optional trailers with no value are
// left out.
func (r Record) Message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s release %s\n\n", title(oneLine(r.Environment)), oneLine(r.Build))
	add := func(key, value string, always bool) {
		value = oneLine(value)
		if value != "" || always {
			fmt.Fprintf(&b, "%s: %s\n", key, value)
		}
	}
	add(KeyRelease, r.Build, true)
	add(KeyEnvironment, r.Environment, true)
	add(KeyCommit, r.Commit, true)
	add(KeyLane, r.Lane, false) // none: a release to an environment without a lane
	add(KeySource, r.Source, false)
	add(KeyPipeline, r.Pipeline, false)
	add(KeyActor, r.Actor, false)
	if !r.Time.IsZero() {
		add(KeyTime, r.Time.UTC().Format(time.RFC3339), true)
	}
	add(KeyRollbackOf, r.RollbackOf, false)
	return b.String()
}

// Parse reads a record back from a tag message. Unknown trailers are
// ignored; a message without Hotlane-Release and Hotlane-Commit is not a
// release record.
func Parse(message string) (Record, error) {
	var r Record
	var timeErr error
	eachTrailer(message, func(key, value string) {
		switch key {
		case KeyRelease:
			r.Build = value
		case KeyEnvironment:
			r.Environment = value
		case KeyCommit:
			r.Commit = value
		case KeyLane:
			r.Lane = value
		case KeySource:
			r.Source = value
		case KeyPipeline:
			r.Pipeline = value
		case KeyActor:
			r.Actor = value
		case KeyTime:
			t, err := time.Parse(time.RFC3339, value)
			if err != nil {
				timeErr = fmt.Errorf("release record: %s %q is not an RFC 3339 time", KeyTime, value)
			}
			r.Time = t
		case KeyRollbackOf:
			r.RollbackOf = value
		}
	})
	if timeErr != nil {
		return Record{}, timeErr
	}
	if r.Build == "" || r.Commit == "" {
		return Record{}, fmt.Errorf("not a release record: it lacks %s or %s", KeyRelease, KeyCommit)
	}
	if err := r.validate(); err != nil {
		return Record{}, err
	}
	return r, nil
}

// validate checks each field a record gives before it can become an
// output or a ref: a record is untrusted input (anyone who can push a tag
// can write one).
func (r Record) validate() error {
	bad := func(key, value, want string) error {
		return fmt.Errorf("release record: %s %q is not %s", key, value, want)
	}
	if !shaRE.MatchString(r.Commit) {
		return bad(KeyCommit, r.Commit, "a full commit sha (40 hex)")
	}
	if err := naming.CheckRefName(r.Build); err != nil || strings.ContainsAny(r.Build, " \t") {
		return bad(KeyRelease, r.Build, "a build id (a name git accepts in a tag)")
	}
	for _, f := range []struct{ key, value string }{{KeyLane, r.Lane}, {KeySource, r.Source}} {
		if f.value == "" {
			continue
		}
		if err := naming.CheckRefName(f.value); err != nil {
			return bad(f.key, f.value, "a branch name")
		}
	}
	if r.RollbackOf != "" {
		if err := naming.CheckRefName(r.RollbackOf); err != nil || strings.ContainsAny(r.RollbackOf, " \t") {
			return bad(KeyRollbackOf, r.RollbackOf, "a build id")
		}
	}
	return nil
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

// eachTrailer calls f with each "Key: value" line of message.
func eachTrailer(message string, f func(key, value string)) {
	sc := bufio.NewScanner(strings.NewReader(message))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		if key, value, ok := strings.Cut(sc.Text(), ": "); ok {
			f(key, strings.TrimSpace(value))
		}
	}
}

// oneLine folds a value onto one line: line breaks and other control
// characters become spaces, so a value can never add a trailer of its own.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

func title(s string) string {
	if s == "" {
		return "Production"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
