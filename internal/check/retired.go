package check

import (
	"context"
	"fmt"
	"sort"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/check/lanescan"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// retirements are the lane retirements ("hotlane retire": annotated tags
// record.RetiredPrefix...), by lane. The remote's that the clone lacks are
// fetched first; offline, the clone's are read. A retirement counts only
// when its tag points at the tip its record names; others are noted and
// ignored.
func retirements(ctx context.Context, remote *gitrepo.Repo, state *gitref.RemoteState, o Options) (map[string][]record.Retired, []string, error) {
	if remote == nil {
		return nil, nil, nil
	}
	if state != nil {
		var specs []string
		for name := range state.Refs {
			if strings.HasPrefix(name, "refs/tags/"+record.RetiredPrefix) && remote.LocalRef(name) == "" {
				specs = append(specs, name+":"+name)
			}
		}
		sort.Strings(specs)
		if err := fetch(ctx, remote, specs, o.Remote); err != nil {
			return nil, nil, err
		}
	}
	repo := remote.Repository()
	refs, err := repo.Tags()
	if err != nil {
		return nil, nil, fmt.Errorf("list the lane retirements: %w", err)
	}
	byLane := map[string][]record.Retired{}
	var notes []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().Short()
		if !strings.HasPrefix(name, record.RetiredPrefix) {
			return nil
		}
		r, why := readRetirement(repo, ref.Hash())
		if why != "" {
			notes = append(notes, fmt.Sprintf("tag %s is not a readable lane retirement (%s): ignored", name, why))
			return nil
		}
		byLane[r.Lane] = append(byLane[r.Lane], r)
		return nil
	})
	return byLane, notes, err
}

// readRetirement reads one retirement tag; why says what is wrong with it.
func readRetirement(repo *git.Repository, hash plumbing.Hash) (record.Retired, string) {
	tag, err := repo.TagObject(hash)
	if err != nil {
		return record.Retired{}, "not an annotated tag"
	}
	r, err := record.ParseRetired(tag.Message)
	if err != nil {
		return r, err.Error()
	}
	if tag.Target.String() != r.Tip {
		return r, fmt.Sprintf("it points at %s, its record names tip %s", naming.Short(tag.Target.String()), naming.Short(r.Tip))
	}
	return r, ""
}

// skipRetired takes out of found the lanes retired at their tip (no
// commits after it: every tip the clone has is the retired one or behind
// it), with a note each; a lane with commits after its retirement is live
// again and stays, with a warning.
func skipRetired(repo *git.Repository, found []lanescan.LaneSpec, byLane map[string][]record.Retired) (live []lanescan.LaneSpec, notes []string) {
	for _, l := range found {
		recs := byLane[l.Name]
		if len(recs) == 0 {
			live = append(live, l)
			continue
		}
		if r, ok := retiredAt(repo, l.Tips, recs); ok {
			notes = append(notes, fmt.Sprintf("lane %s is retired (%s, by %s, tag %s): not read", l.Name, r.Reason, r.By, r.TagName()))
			continue
		}
		last := recs[len(recs)-1]
		notes = append(notes, fmt.Sprintf("lane %s was retired at %s (%s) but has commits after it: it is checked again; retire it again "+
			"(hotlane retire %s --reason ...) once they are settled", l.Name, naming.Short(last.Tip), last.Reason, l.Build))
		live = append(live, l)
	}
	return live, notes
}

// retiredAt finds the retirement that every tip is at or behind.
func retiredAt(repo *git.Repository, tips []plumbing.Hash, recs []record.Retired) (record.Retired, bool) {
	for _, r := range recs {
		retired, err := repo.CommitObject(plumbing.NewHash(r.Tip))
		if err != nil {
			continue
		}
		all := true
		for _, tip := range tips {
			if tip == retired.Hash {
				continue
			}
			c, err := repo.CommitObject(tip)
			if err != nil {
				all = false
				break
			}
			if behind, err := c.IsAncestor(retired); err != nil || !behind {
				all = false
				break
			}
		}
		if all {
			return r, true
		}
	}
	return record.Retired{}, false
}
