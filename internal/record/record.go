// Package record owns the release record: the machine-readable message of a
// release tag (docs/contract.md "The release record"), written by release and read
// back by status, rollback and check. Git is the database; these trailers are
// its rows. Pure: no I/O.
package record

import (
	"bufio"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
// can write one), and the release validates its own before writing it.
func (r Record) validate() error {
	for _, f := range []struct{ key, value string }{
		{KeyRelease, r.Build}, {KeyEnvironment, r.Environment}, {KeyCommit, r.Commit}, {KeyLane, r.Lane},
		{KeySource, r.Source}, {KeyPipeline, r.Pipeline}, {KeyActor, r.Actor}, {KeyRollbackOf, r.RollbackOf},
	} {
		if err := CheckField(f.key, f.value); err != nil {
			return err
		}
	}
	return nil
}

// MaxActor is the longest Hotlane-Actor: a login or a person's name.
const MaxActor = 256

// CheckField says why value cannot be the record's field key: each field is
// what it says it is, on one line, with no character that hides what it
// says (naming.Invisible). The release checks what it is about to write
// with it, and config the values it takes from flags and the CI. An empty
// value of an optional field (every field but Hotlane-Release and
// Hotlane-Commit) is valid.
func CheckField(key, value string) error {
	bad := func(want string, why error) error {
		return fmt.Errorf("release record: %s %q is not %s: it %w", key, value, want, why)
	}
	if value == "" && key != KeyRelease && key != KeyCommit {
		return nil
	}
	switch key {
	case KeyCommit:
		if !shaRE.MatchString(value) {
			return fmt.Errorf("release record: %s %q is not a full commit sha (40 hex)", key, value)
		}
	case KeyRelease, KeyRollbackOf:
		if err := naming.CheckBuild(value); err != nil {
			return bad("a build id (a name git accepts in a tag)", err)
		}
	case KeyEnvironment:
		if err := naming.CheckEnvironment(value); err != nil {
			return bad("an environment name", err)
		}
	case KeyLane, KeySource:
		if err := naming.CheckRefName(value); err != nil {
			return bad("a branch name", err)
		}
	case KeyPipeline:
		if err := checkPipeline(value); err != nil {
			return bad("the URL of a pipeline run", err)
		}
	case KeyActor:
		if err := naming.CheckVisible(value); err != nil {
			return bad("a name", err)
		}
		if len(value) > MaxActor || strings.TrimSpace(value) != value {
			return bad("a name", fmt.Errorf("is longer than %d characters or has space around it", MaxActor))
		}
	}
	return nil
}

// checkPipeline wants an absolute http or https URL without white space.
func checkPipeline(value string) error {
	if err := naming.CheckVisible(value); err != nil {
		return err
	}
	if strings.ContainsAny(value, " \t") {
		return fmt.Errorf("contains white space")
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("is not an absolute http or https URL")
	}
	return nil
}

// CheckWritable says why r cannot be written as a record that reads back
// as itself: a field that is not valid (CheckField), or one that Message
// and Parse would change. The release checks its record with it before
// anything changes, so that no release writes a record that status,
// rollback and check cannot read.
func (r Record) CheckWritable() error {
	if err := r.validate(); err != nil {
		return err
	}
	got, err := Parse(r.Message())
	if err != nil {
		return err
	}
	for _, f := range []struct{ key, wrote, read string }{
		{KeyRelease, r.Build, got.Build}, {KeyEnvironment, r.Environment, got.Environment}, {KeyCommit, r.Commit, got.Commit},
		{KeyLane, r.Lane, got.Lane}, {KeySource, r.Source, got.Source}, {KeyPipeline, r.Pipeline, got.Pipeline},
		{KeyActor, r.Actor, got.Actor}, {KeyRollbackOf, r.RollbackOf, got.RollbackOf},
		{KeyTime, r.Time.UTC().Format(time.RFC3339Nano), got.Time.UTC().Format(time.RFC3339Nano)},
	} {
		if f.wrote != f.read {
			return fmt.Errorf("release record: %s %q would be read back as %q", f.key, f.wrote, f.read)
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
	first, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(first)) + s[size:]
}
