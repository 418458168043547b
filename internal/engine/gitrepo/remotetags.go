package gitrepo

import (
	"context"
	"fmt"
	"strings"
)

// RemoteTags reads the remote's tag refs as the ledger reads tags: the
// commit each points at and, for an annotated tag, its message and tagger
// time. The tag objects the clone lacks are fetched first, in one fetch,
// into private refs (the clone's own tags are left as they are).
func (r *Repo) RemoteTags(ctx context.Context, refs []RemoteRef) ([]Tag, error) {
	var specs []string
	for _, ref := range refs {
		if _, ok := r.peelLocal(ref.Hash); !ok {
			specs = append(specs, "+"+ref.Name+":refs/hotlane/peel/"+strings.TrimPrefix(ref.Name, "refs/"))
		}
	}
	if err := r.FetchRefs(ctx, specs); err != nil {
		return nil, err
	}
	out := make([]Tag, 0, len(refs))
	for _, ref := range refs {
		t := Tag{Name: strings.TrimPrefix(ref.Name, "refs/tags/"), Commit: ref.Hash}
		if obj, err := r.repo.TagObject(hashOf(ref.Hash)); err == nil {
			c, err := obj.Commit()
			if err != nil {
				return nil, fmt.Errorf("read tag %s: %w", ref.Name, err)
			}
			t.Commit, t.Message, t.Annotated, t.Tagged = c.Hash.String(), obj.Message, true, obj.Tagger.When
			t.Tagger = Signature{Name: obj.Tagger.Name, Email: obj.Tagger.Email, When: obj.Tagger.When}
		} else if _, ok := r.peelLocal(ref.Hash); !ok {
			return nil, fmt.Errorf("tag %s (%s): not in the clone after fetching it", ref.Name, ref.Hash)
		}
		out = append(out, t)
	}
	return out, nil
}
