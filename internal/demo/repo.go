package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var author = object.Signature{Name: "Dana Developer", Email: "dana@example.com"}

// setUp makes the bare origin and a clone with two commits on main.
func (s *session) setUp() error {
	if _, err := git.PlainInit(s.origin, true); err != nil {
		return err
	}
	repo, err := git.PlainInit(s.work, false)
	if err != nil {
		return err
	}
	s.repo = repo
	if err := repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main")); err != nil {
		return err
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"file://" + filepath.ToSlash(s.origin)},
		Fetch: []config.RefSpec{"+refs/heads/*:refs/remotes/origin/*"}}); err != nil {
		return err
	}
	if _, err := s.commit("main", "README.md", "# shop\n", "docs: start the shop"); err != nil {
		return err
	}
	_, err = s.commit("main", "price.go", "package shop // rounding\n", "feat: prices")
	return err
}

// commit writes file on branch (creating the branch from HEAD if needed),
// commits, and pushes the branch to origin.
func (s *session) commit(branch, file, content, message string) (string, error) {
	wt, err := s.repo.Worktree()
	if err != nil {
		return "", err
	}
	ref := plumbing.NewBranchReferenceName(branch)
	if _, err := s.repo.Reference(ref, false); err == nil {
		err = wt.Checkout(&git.CheckoutOptions{Branch: ref})
		if err != nil {
			return "", err
		}
	} else if head, herr := s.repo.Head(); herr == nil {
		if remote, rerr := s.repo.Reference(plumbing.NewRemoteReferenceName("origin", branch), false); rerr == nil {
			err = wt.Checkout(&git.CheckoutOptions{Branch: ref, Hash: remote.Hash(), Create: true})
		} else {
			err = wt.Checkout(&git.CheckoutOptions{Branch: ref, Hash: head.Hash(), Create: true})
		}
		if err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(filepath.Join(s.work, file), []byte(content), 0o644); err != nil {
		return "", err
	}
	if _, err := wt.Add(file); err != nil {
		return "", err
	}
	sig := author
	sig.When = s.Now()
	h, err := wt.Commit(message, &git.CommitOptions{Author: &sig})
	if err != nil {
		return "", err
	}
	spec := config.RefSpec(fmt.Sprintf("refs/heads/%s:refs/heads/%s", branch, branch))
	if err := s.repo.Push(&git.PushOptions{RemoteName: "origin", RefSpecs: []config.RefSpec{spec}}); err != nil && err != git.NoErrAlreadyUpToDate {
		return "", err
	}
	return h.String(), nil
}

func (s *session) short(ref string) string {
	r, err := s.repo.Reference(plumbing.ReferenceName(ref), true)
	if err != nil {
		return "?"
	}
	return r.Hash().String()[:12]
}

func (s *session) showTag(name string) error {
	origin, err := git.PlainOpen(s.origin)
	if err != nil {
		return err
	}
	ref, err := origin.Reference(plumbing.NewTagReferenceName(name), false)
	if err != nil {
		return err
	}
	tag, err := origin.TagObject(ref.Hash())
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "   tag %s (tagger %s)\n", tag.Name, tag.Tagger.Name)
	for _, line := range strings.Split(strings.TrimRight(tag.Message, "\n"), "\n") {
		fmt.Fprintf(s.Out, "   | %s\n", line)
	}
	return nil
}

func (s *session) listOrigin() error {
	origin, err := git.PlainOpen(s.origin)
	if err != nil {
		return err
	}
	refs, err := origin.References()
	if err != nil {
		return err
	}
	var lines []string
	err = refs.ForEach(func(r *plumbing.Reference) error {
		if r.Type() != plumbing.HashReference {
			return nil
		}
		target := r.Hash()
		kind := "branch"
		if t, err := origin.TagObject(target); err == nil {
			target, kind = t.Target, "annotated tag"
		}
		c, err := origin.CommitObject(target)
		if err != nil {
			return err
		}
		subject, _, _ := strings.Cut(c.Message, "\n")
		lines = append(lines, fmt.Sprintf("   %-18s %-14s %s %s", r.Name().Short(), kind, target.String()[:12], subject))
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(lines)
	fmt.Fprintln(s.Out, strings.Join(lines, "\n"))
	return nil
}
