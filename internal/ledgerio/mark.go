package ledgerio

import (
	"context"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
)

// Mark is an annotated tag that records a decision about a release in the
// ledger: a bad-release mark, a lane's retirement.
type Mark struct {
	Tag     string // the tag's name, without refs/tags/
	Target  string // the commit it points at
	Message string
	Tagger  gitref.Signature
	// Haves are commits the remote has, so that the push sends only the
	// tag object; empty when the target may be new to the remote.
	Haves []string
}

// PushMark creates the mark's tag and pushes it, create-only: an existing
// tag is never moved. meanwhile says another run pushed the same tag
// first, which is the same outcome; err is what failed, with nothing
// changed on the remote (the caller says what it was doing).
func PushMark(ctx context.Context, repo *gitrepo.Repo, m Mark) (meanwhile bool, err error) {
	hash, err := repo.NewTag(m.Tag, m.Target, m.Message, m.Tagger)
	if err != nil {
		return false, err
	}
	ref := "refs/tags/" + m.Tag
	if _, err := repo.PushCreate(ctx, []gitref.Create{{Ref: ref, Hash: hash}}, m.Haves); err != nil {
		st, rerr := repo.ReadRemote(ctx)
		if _, exists := st.Ref(ref); rerr == nil && exists {
			return true, nil
		}
		return false, err
	}
	_ = repo.SetLocalRefIfAbsent(ref, hash)
	return false, nil
}
