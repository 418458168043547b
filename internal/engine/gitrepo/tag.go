package gitrepo

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/hotlane/hotlane/internal/engine/gitref"
)

// Tagger returns the tagger for new tags: the clone's user.name and
// user.email when set, else hotlane's own identity.
func (r *Repo) Tagger(now time.Time) Signature {
	sig := Signature{Name: "hotlane", Email: "hotlane@localhost", When: now}
	if cfg, err := r.repo.ConfigScoped(config.GlobalScope); err == nil {
		if cfg.User.Name != "" && cfg.User.Email != "" {
			sig.Name, sig.Email = cfg.User.Name, cfg.User.Email
		}
	}
	return sig
}

// NewTag writes an annotated tag object for commit into the clone's object
// store and returns its hash. It creates no ref: the tag becomes visible
// only when a push (or SetLocalTag) names it.
func (r *Repo) NewTag(name, commit, message string, tagger Signature) (string, error) {
	tag := &object.Tag{
		Name:       name,
		Tagger:     object.Signature{Name: tagger.Name, Email: tagger.Email, When: tagger.When},
		Message:    message,
		TargetType: plumbing.CommitObject,
		Target:     hashOf(commit),
	}
	obj := r.repo.Storer.NewEncodedObject()
	if err := tag.Encode(obj); err != nil {
		return "", fmt.Errorf("encode tag %s: %w", name, err)
	}
	h, err := r.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", fmt.Errorf("write tag %s: %w", name, err)
	}
	return h.String(), nil
}

// TagMessage returns the message of the annotated tag object hash.
func (r *Repo) TagMessage(hash string) (string, error) {
	t, err := r.repo.TagObject(hashOf(hash))
	if err != nil {
		return "", err
	}
	return t.Message, nil
}

// Tag is a tag with what the ledger needs of it.
type Tag = gitref.Tag

// Tags lists the clone's tags, peeled, with their messages.
func (r *Repo) Tags() ([]Tag, error) {
	refs, err := r.repo.Tags()
	if err != nil {
		return nil, err
	}
	var out []Tag
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		t := Tag{Name: strings.TrimPrefix(ref.Name().String(), "refs/tags/")}
		if obj, err := r.repo.TagObject(ref.Hash()); err == nil {
			t.Annotated, t.Message, t.Tagged = true, obj.Message, obj.Tagger.When
			if c, err := obj.Commit(); err == nil {
				t.Commit = c.Hash.String()
			}
		} else {
			t.Commit = ref.Hash().String()
		}
		out = append(out, t)
		return nil
	})
	return out, err
}
