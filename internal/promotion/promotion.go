// Package promotion owns promotion control: a commit may be released to
// an environment only after every earlier environment the rule names has
// released it ("production takes only what staging released"). The rule is
// the --require-released-in flags, else the promotion entry of the policy
// in force (the main line's file, never the commit's own: package
// policyio), environment names compared case-insensitively; the evidence
// is the earlier environment's release records on the remote, read
// through either engine. Refusal is exit 1, before anything is changed.
// A check applies the rule only when it gates a release (GatesRelease).
package promotion

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/record"
)

// Remote is what the check reads, through git or the GitHub API.
type Remote interface {
	ReadRemote(ctx context.Context) (gitref.RemoteState, error)
	Peel(ctx context.Context, ref gitref.RemoteRef) (gitref.RemoteRef, error)
	// RemoteTags reads tag refs with their messages and taggers.
	RemoteTags(ctx context.Context, refs []gitref.RemoteRef) ([]gitref.Tag, error)
}

// Options say what must have been released where.
type Options struct {
	Commit      string // the commit to release, full sha
	Environment string // where it is to be released
	// Required are the earlier environments (--require-released-in);
	// nil: Policy's rule for Environment.
	Required []string
	// Policy is the policy in force: the main line's file.
	Policy policy.File
	Tags   naming.TagTemplates
}

// Released is one release an earlier environment recorded.
type Released struct {
	Environment        string
	Build, Tag, Commit string
	// Recorded says the tag's message is hotlane's record of this
	// release in that environment at that commit.
	Recorded bool
	// Who made the tag object (git's tagger, or the git tags API's), and
	// what its record says of the run that made it: when (Hotlane-Time;
	// zero when it says nothing) and where (Hotlane-Pipeline; "" when it
	// says nothing).
	Tagger   gitref.Signature
	Time     time.Time
	Pipeline string
	// At is when it was recorded (the record's time, else the tag's):
	// the ledger's order.
	At time.Time
}

// Check refuses (exit 1) a commit that an earlier environment has not
// released; an earlier environment that cannot be read is exit 3. It
// returns, for each environment that was required, the release record that
// let the commit through (Line says it, Warning when it is hand-made).
func Check(ctx context.Context, r Remote, o Options) ([]Released, error) {
	required := Rule(o.Required, o.Policy, o.Environment)
	if len(required) == 0 {
		return nil, nil
	}
	state, err := r.ReadRemote(ctx)
	if err != nil {
		return nil, fault.Unavailablef("promotion control: read the remote's release tags: %w (nothing was changed)", err)
	}
	var refusals []string
	var evidence []Released
	for _, env := range required {
		released, err := releasedIn(ctx, r, state, env, o)
		if err != nil {
			return nil, fault.Unavailablef("promotion control: read %s's releases: %w (nothing was changed)", env, err)
		}
		if why := Decide(o.Commit, env, released); why != "" {
			refusals = append(refusals, why)
			continue
		}
		rel, _ := Evidence(o.Commit, released)
		evidence = append(evidence, rel)
	}
	if len(refusals) > 0 {
		return nil, fault.Wrap(fault.Refused, errors.New(strings.Join(refusals, "; ")+" (nothing was changed)"))
	}
	return evidence, nil
}

// Rule is the environments that must have released a commit before env
// may: the flags' (required, when given), else the policy's entry for env,
// its name compared case-insensitively (--environment Production meets a
// production: rule).
func Rule(required []string, f policy.File, env string) []string {
	if required != nil {
		return required
	}
	return f.PromotionFor(env)
}

// GatesRelease says whether a check gates a release, so that promotion
// control applies to it: an environment was named (a flag, HOTLANE_*
// variable or action input; not the default) or --require-released-in
// was given, and the CI run is not a pull or merge request's. Otherwise
// why says, in a few words, why the rule is not applied. Pure.
func GatesRelease(environmentGiven, requireGiven, pullRequest bool) (applies bool, why string) {
	switch {
	case pullRequest:
		return false, "a pull-request run gates no release"
	case !environmentGiven && !requireGiven:
		return false, "this check gates no release (no --environment given)"
	}
	return true, ""
}

// releasedIn lists env's releases on the remote: every tag its template
// matches, read with its message, in one go.
func releasedIn(ctx context.Context, r Remote, state gitref.RemoteState, env string, o Options) ([]Released, error) {
	tmpl := o.Tags.For(env)
	var refs []gitref.RemoteRef
	for name, ref := range state.Refs {
		short, ok := strings.CutPrefix(name, "refs/tags/")
		if !ok || record.InHotlaneNamespace(short) {
			continue
		}
		if _, ok := tmpl.Match(short, env); ok {
			refs = append(refs, ref)
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	tags, err := r.RemoteTags(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]Released, 0, len(tags))
	for _, t := range tags {
		build, _ := tmpl.Match(t.Name, env)
		rel := Released{Environment: env, Build: build, Tag: t.Name, Commit: t.Commit, At: t.Tagged, Tagger: t.Tagger}
		if t.Annotated {
			rec, err := record.Parse(t.Message)
			rel.Recorded = err == nil && naming.SameEnvironment(rec.Environment, env) && rec.Commit == t.Commit && rec.Build == build
			if rel.Recorded {
				rel.Time, rel.Pipeline = rec.Time, rec.Pipeline
				if !rec.Time.IsZero() {
					rel.At = rec.Time
				}
			}
		}
		out = append(out, rel)
	}
	return out, nil
}

// Decide says why commit may not be promoted from env ("" when env has a
// release record of it), naming the last commit env did release. Pure.
func Decide(commit, env string, released []Released) string {
	for _, r := range released {
		if r.Commit == commit && r.Recorded {
			return ""
		}
	}
	if len(released) == 0 {
		return fmt.Sprintf("%s was never released to %s, which has released nothing yet: release it to %s first", naming.Short(commit), env, env)
	}
	sort.SliceStable(released, func(i, j int) bool { return ledger.Compare(released[i].entry(), released[j].entry()) < 0 })
	last := released[len(released)-1]
	return fmt.Sprintf("%s was never released to %s: the last commit %s released is %s (release %s, tag %s); deploy and record this commit in %s first, or release %s",
		naming.Short(commit), env, env, naming.Short(last.Commit), last.Build, last.Tag, env, naming.Short(last.Commit))
}

// entry is r as the ledger orders it.
func (r Released) entry() ledger.Entry {
	return ledger.Entry{Tag: r.Tag, Commit: r.Commit, Record: record.Record{Build: r.Build, Time: r.At}}
}
