package check

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/check/lanescan"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/record"
)

// lanes finds the lanes to check: the branches matching the template on
// the remote (fetched first when the clone lacks them or has them stale),
// in the clone, and those that release records name. A lane a record
// names that neither the remote nor the clone has is an error: the gate
// would pass without seeing its hotfixes. Offline, only the clone counts,
// and such a lane is a warning.
func lanes(ctx context.Context, h *lanescan.History, remote *gitrepo.Repo, o Options, retired map[string]string) ([]lanescan.LaneSpec, []string, error) {
	online := remote != nil && !o.Offline
	var notes []string
	var state *gitref.RemoteState
	if online {
		var err error
		if state, notes, err = syncLanes(ctx, remote, o); err != nil {
			return nil, nil, err
		}
	}
	found, err := h.Discover(o.Remote, o.BranchTemplate, o.Tags, o.Environment)
	if err != nil {
		return nil, nil, fault.Wrap(fault.Failed, err)
	}
	byRecord, recordNotes, err := retirements(ctx, remote, state, o)
	if err != nil {
		return nil, nil, err
	}
	notes = append(notes, recordNotes...)
	found, absent, retiredNotes, err := withNamedLanes(ctx, h, remote, state, found, o, retired, byRecord)
	if err != nil {
		return nil, nil, err
	}
	notes = append(notes, retiredNotes...)
	if len(absent) > 0 {
		if online {
			return nil, nil, absentLanes(absent, o.Remote)
		}
		for _, n := range absent {
			notes = append(notes, fmt.Sprintf("the clone does not have lane %s (named by the record of %s): its hotfixes were not checked (--offline)", n.Lane, n.Tag))
		}
	}
	if len(byRecord) > 0 {
		var skipped []string
		found, skipped = skipRetired(remote.Repository(), found, byRecord)
		notes = append(notes, skipped...)
	}
	sort.Slice(found, func(i, j int) bool {
		if c := naming.CompareBuilds(found[i].Build, found[j].Build); c != 0 {
			return c < 0
		}
		return found[i].Name < found[j].Name
	})
	if len(found) == 0 && len(byRecord) == 0 {
		where := "the remote " + o.Remote + " and the clone"
		if !online {
			where = "the clone"
		}
		notes = append(notes, fmt.Sprintf("no lanes: no branch in %s matches --branch-template %q and no release record names one, so there was nothing to check", where, o.BranchTemplate.String()))
	}
	return found, notes, nil
}

// syncLanes reads the remote's refs and fetches the lanes and release
// tags the clone lacks or has stale.
func syncLanes(ctx context.Context, remote *gitrepo.Repo, o Options) (*gitref.RemoteState, []string, error) {
	state, err := readRemote(ctx, remote, o)
	if err != nil {
		return nil, nil, fault.Unavailablef("read the remote %s: %w (nothing was checked; to check only what the clone has, pass --offline)", o.Remote, err)
	}
	specs, notes := refsToFetch(state, remote, o.Remote, func(branch string) bool {
		_, ok := o.BranchTemplate.Match(branch, o.Environment)
		return ok
	}, o)
	if err := fetch(ctx, remote, specs, o.Remote); err != nil {
		return nil, nil, err
	}
	if n := len(specs); n > 0 {
		notes = append(notes, fmt.Sprintf("fetched %d lane(s) and release tag(s) from %s that the clone lacked or had stale", n, o.Remote))
	}
	return &state, notes, nil
}

// readRemote is the remote's refs: as the caller read them, else read now.
func readRemote(ctx context.Context, remote *gitrepo.Repo, o Options) (gitref.RemoteState, error) {
	if o.RemoteState != nil {
		return *o.RemoteState, nil
	}
	return remote.ReadRemote(ctx)
}

// withNamedLanes adds to found the lanes that release records name (a
// lane under another template is fetched first when the remote has it),
// and lists those that neither the remote nor the clone has, but for
// those the policy file retires and those a retirement record names (a
// note each).
func withNamedLanes(ctx context.Context, h *lanescan.History, remote *gitrepo.Repo, state *gitref.RemoteState, found []lanescan.LaneSpec, o Options,
	retired map[string]string, byRecord map[string][]record.Retired) (lanes []lanescan.LaneSpec, absent []lanescan.NamedLane, notes []string, err error) {
	named, err := h.ReleaseLanes(o.Environment)
	if err != nil {
		return nil, nil, nil, fault.Failedf("read the release records: %w", err)
	}
	have := map[string]bool{}
	for _, l := range found {
		have[l.Name] = true
	}
	for _, n := range named {
		if have[n.Lane] {
			continue
		}
		tracking := "refs/remotes/" + o.Remote + "/" + n.Lane
		if state != nil {
			if ref, ok := state.Ref("refs/heads/" + n.Lane); ok && remote.LocalRef(tracking) != ref.Hash {
				if err := fetch(ctx, remote, []string{"+refs/heads/" + n.Lane + ":" + tracking}, o.Remote); err != nil {
					return nil, nil, nil, err
				}
			}
		}
		spec, ok := h.Lane(o.Remote, n)
		if !ok {
			if reason, gone := retired[n.Lane]; gone {
				notes = append(notes, fmt.Sprintf("lane %s (named by the record of %s) is retired: %s (%s)", n.Lane, n.Tag, reason, policy.Name))
				continue
			}
			if recs := byRecord[n.Lane]; len(recs) > 0 {
				r := recs[len(recs)-1]
				notes = append(notes, fmt.Sprintf("lane %s (named by the record of %s) was deleted after it was retired at %s (%s, by %s, tag %s)",
					n.Lane, n.Tag, naming.Short(r.Tip), r.Reason, r.By, r.TagName()))
				continue
			}
			absent = append(absent, n)
			continue
		}
		found = append(found, spec)
		have[n.Lane] = true
	}
	return found, absent, notes, nil
}

// absentLanes is the error for lanes a record names that neither the
// remote nor the clone has: each named with its release tag, and what to
// do, by case.
func absentLanes(absent []lanescan.NamedLane, remote string) error {
	var each []string
	for _, n := range absent {
		each = append(each, fmt.Sprintf("%s (named by the record of %s): if it was deleted by mistake, push it back from a clone "+
			"that still has it (git push %s refs/remotes/%s/%s:refs/heads/%s), or, if it never had a hotfix commit, from its release tag "+
			"(git push %s %s^{commit}:refs/heads/%s); if it was let go on purpose, retire it from a clone that still has it "+
			"(hotlane retire %s --reason ...)",
			n.Lane, n.Tag, remote, remote, n.Lane, n.Lane, remote, n.Tag, n.Lane, n.Build))
	}
	return fault.Unavailablef("the gate cannot see %d lane(s): neither the remote %s nor the clone has them, so their hotfixes cannot be "+
		"checked (nothing was checked). A lane deleted on purpose may also be listed under retired-lanes in %s.\n  - %s",
		len(absent), remote, policy.Name, strings.Join(each, "\n  - "))
}

// refsToFetch lists the refspecs that bring the clone up to date with the
// remote's lanes (isLane) and release tags: a lane the clone lacks or has
// at another commit is fetched into its remote-tracking branch; a release
// tag the clone lacks is fetched, one it has at another object is left
// alone (tags never move) and noted. Any annotated tag the clone lacks is
// fetched too, whatever its name: it may be a release record naming a lane
// that templates moved away from (all tags, when the remote does not say
// which are annotated).
func refsToFetch(state gitref.RemoteState, remote *gitrepo.Repo, name string, isLane func(string) bool, o Options) (specs, notes []string) {
	names := make([]string, 0, len(state.Refs))
	peeledKnown := false
	for n, ref := range state.Refs {
		names = append(names, n)
		peeledKnown = peeledKnown || ref.Peeled != ""
	}
	sort.Strings(names)
	for _, n := range names {
		ref := state.Refs[n]
		switch {
		case strings.HasPrefix(n, "refs/heads/"):
			branch := strings.TrimPrefix(n, "refs/heads/")
			tracking := "refs/remotes/" + name + "/" + branch
			if isLane(branch) && remote.LocalRef(tracking) != ref.Hash {
				specs = append(specs, "+"+n+":"+tracking)
			}
		case strings.HasPrefix(n, "refs/tags/"):
			tag := strings.TrimPrefix(n, "refs/tags/")
			_, release := o.Tags.Match(tag, o.Environment)
			switch local := remote.LocalRef(n); {
			case local == "" && (release || ref.Peeled != "" || !peeledKnown):
				specs = append(specs, n+":"+n)
			case local != "" && local != ref.Hash && release:
				notes = append(notes, fmt.Sprintf("the clone's tag %s differs from the remote's; the clone's is used (tags are never moved)", tag))
			}
		}
	}
	return specs, notes
}

func fetch(ctx context.Context, remote *gitrepo.Repo, specs []string, name string) error {
	if err := remote.FetchRefs(ctx, specs); err != nil {
		return fault.Unavailablef("fetch the lanes and release tags from %s: %w (nothing was checked; to check only what the clone has, pass --offline)", name, err)
	}
	return nil
}
