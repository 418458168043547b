package check

import (
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// offMainLine lists the commits of the candidate's main line that waive
// other commits ("Backport-Skip" trailers) but that the trusted main line
// lacks: trusted is the commit the policy in force was read at, the
// remote's main branch. A commit under test cannot waive what it is
// judged on, as it cannot loosen the policy file: its waivers count once
// merged. A commit whose ancestry cannot be read is not trusted either.
// Only commits with such trailers are looked at, so the walk is rare.
func offMainLine(repo *git.Repository, mainLine []verdict.MainCommit, trusted string) map[string]bool {
	var tip *object.Commit
	if trusted != "" {
		tip, _ = repo.CommitObject(plumbing.NewHash(trusted))
	}
	out := map[string]bool{}
	for _, m := range mainLine {
		if !verdict.WaivesOthers(m.Message) || m.SHA == trusted {
			continue
		}
		c, err := repo.CommitObject(plumbing.NewHash(m.SHA))
		if err != nil || tip == nil {
			out[m.SHA] = true
			continue
		}
		if ok, err := c.IsAncestor(tip); err != nil || !ok {
			out[m.SHA] = true
		}
	}
	return out
}
