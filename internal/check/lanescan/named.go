package lanescan

import (
	"bytes"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
)

// NamedLane is a lane that a release record names: the clone knows it
// must exist, whatever branches happen to be fetched.
type NamedLane struct {
	Lane  string // the branch
	Build string
	Tag   string // the release tag whose record names it
}

// ReleaseLanes lists the lanes that the release records of environment
// env (compared case-insensitively) name: every annotated tag of the clone
// whose message is such a record, whatever its name, so a lane stays
// checked when the templates in force move away from the names it was
// released under. Tags without a readable record name none (the ledger
// reports them).
func (h *History) ReleaseLanes(env string) ([]NamedLane, error) {
	refs, err := h.repo.Tags()
	if err != nil {
		return nil, err
	}
	var out []NamedLane
	lane := []byte(record.KeyLane + ": ")
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		obj, err := h.repo.Storer.EncodedObject(plumbing.TagObject, ref.Hash())
		if err != nil {
			return nil // a lightweight tag: no record
		}
		// a tag whose text has no lane trailer names no lane: it is not
		// decoded (go-git's decoding of signed tags was 5% of the gate's
		// time on containerd's 320 tags)
		if raw, err := objectBytes(obj); err != nil || !bytes.Contains(raw, lane) {
			return nil
		}
		tag, err := object.DecodeTag(h.repo.Storer, obj)
		if err != nil {
			return nil
		}
		rec, err := record.Parse(tag.Message)
		if err != nil || rec.Lane == "" || !strings.EqualFold(rec.Environment, env) {
			return nil
		}
		out = append(out, NamedLane{Lane: rec.Lane, Build: rec.Build, Tag: ref.Name().Short()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return naming.CompareBuilds(out[i].Build, out[j].Build) < 0 })
	return out, err
}

// Lane is the lane that n names, from the clone's local branch and
// remote-tracking branch of that name; ok is false when it has neither.
func (h *History) Lane(remote string, n NamedLane) (LaneSpec, bool) {
	spec := LaneSpec{Name: n.Lane, Build: n.Build, BaseTag: n.Tag}
	for _, name := range []string{"refs/heads/" + n.Lane, "refs/remotes/" + remote + "/" + n.Lane} {
		ref, err := h.repo.Reference(plumbing.ReferenceName(name), true)
		if err != nil {
			continue
		}
		if len(spec.Tips) == 0 || spec.Tips[0] != ref.Hash() {
			spec.Tips = append(spec.Tips, ref.Hash())
		}
	}
	if len(spec.Tips) == 0 {
		return spec, false
	}
	if c, err := h.peelTag(n.Tag); err == nil {
		spec.Base = c
	}
	return spec, true
}
