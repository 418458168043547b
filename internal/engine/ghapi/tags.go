package ghapi

import (
	"context"
	"strings"

	"github.com/hotlane/hotlane/internal/engine/gitref"
)

// RemoteTags reads the repository's tag refs as the ledger reads tags:
// the commit each points at and, for an annotated tag, its message and
// tagger time (one request per annotated tag). The refs come from the
// last ReadRemote.
func (e *Engine) RemoteTags(ctx context.Context, refs []gitref.RemoteRef) ([]gitref.Tag, error) {
	out := make([]gitref.Tag, 0, len(refs))
	for _, ref := range refs {
		t := gitref.Tag{Name: strings.TrimPrefix(ref.Name, "refs/tags/"), Commit: ref.Hash}
		if e.types[ref.Name] == "tag" {
			tag, _, err := e.c.gh.Git.GetTag(ctx, e.c.Owner, e.c.Repo, ref.Hash)
			if err != nil {
				return nil, explain("read tag "+ref.Name, err)
			}
			t.Commit, t.Message, t.Annotated = tag.GetObject().GetSHA(), tag.GetMessage(), true
			t.Tagged = tag.GetTagger().GetDate().Time
			t.Tagger = gitref.Signature{Name: tag.GetTagger().GetName(), Email: tag.GetTagger().GetEmail(), When: t.Tagged}
		}
		out = append(out, t)
	}
	return out, nil
}
