// Package demo owns "hotlane demo": a narrated run of the whole flow
// against a throwaway bare origin and clone, built with go-git so that it
// needs neither network, token, nor git binary.
package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"

	"github.com/hotlane/hotlane/internal/engine/gitrepo"
)

// Options configure a demo run.
type Options struct {
	Out  io.Writer
	Keep bool
	Now  func() time.Time
	// Hotlane runs a hotlane command line in the clone at dir and returns
	// its exit code; the demo shows the real commands, not a copy of them.
	Hotlane func(dir string, args ...string) int
}

type session struct {
	Options
	root, origin, work string
	repo               *git.Repository
	step               int
	fix                string // the hotfix made on the lane
}

// Run runs the demo.
func Run(ctx context.Context, o Options) (err error) {
	gitrepo.PrepareTransports()
	root, err := os.MkdirTemp("", "hotlane-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !o.Keep {
		defer os.RemoveAll(root)
	}
	s := &session{Options: o, root: root, origin: filepath.Join(root, "origin.git"), work: filepath.Join(root, "work")}
	if err := s.story(ctx); err != nil {
		return fmt.Errorf("demo failed (this is a bug in hotlane, please report it): %w", err)
	}
	if o.Keep {
		fmt.Fprintf(o.Out, "\nThe repositories are kept in %s\n", root)
	}
	return nil
}

func (s *session) say(title string, lines ...string) {
	s.step++
	fmt.Fprintf(s.Out, "\n== %d. %s\n", s.step, title)
	for _, l := range lines {
		fmt.Fprintf(s.Out, "   %s\n", l)
	}
}

// run shows and runs one hotlane command line; want is the exit code the
// story expects.
func (s *session) run(want int, args ...string) error {
	fmt.Fprintf(s.Out, "\n$ hotlane %s\n", shellLine(args))
	if got := s.Hotlane(s.work, args...); got != want {
		return fmt.Errorf("hotlane %s exited %d, the story expected %d", strings.Join(args, " "), got, want)
	}
	fmt.Fprintf(s.Out, "(exit code %d)\n", want)
	return nil
}

// shellLine is args as one pastes them into a shell: an argument with
// anything but safe characters in single quotes.
func shellLine(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = a
		if a == "" || strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@,+") != "" {
			quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(quoted, " ")
}

func (s *session) story(ctx context.Context) error {
	if err := s.setUp(); err != nil {
		return err
	}
	for _, chapter := range []func() error{s.releaseAndRetry, s.gateAndBackport, s.badReleaseAndRollback} {
		if err := chapter(); err != nil {
			return err
		}
	}
	s.say("What origin holds now")
	return s.listOrigin()
}

// releaseAndRetry: the first release, its record, a hotfix on the lane, a
// retried step that changes nothing, and a refused re-release elsewhere.
func (s *session) releaseAndRetry() error {
	s.say("A team's repository",
		"origin: "+s.origin+" (a bare repository standing in for GitHub, Azure Repos, ...)",
		"clone:  "+s.work+" (what the pipeline checked out)",
		"main has two commits; build 42 of the pipeline has just deployed main's tip to production.")

	s.say("The deploy pipeline's last step records the release",
		"It tags the deployed commit and creates the hotfix lane for it, in one push.")
	deployed := s.short("refs/heads/main")
	if err := s.run(0, "release", "--build", "42", "--commit", deployed); err != nil {
		return err
	}

	s.say("The release tag carries a machine-readable record", "git show prod-42 would print:")
	if err := s.showTag("prod-42"); err != nil {
		return err
	}

	s.say("Work goes on: main moves ahead, and a production bug is fixed on the lane")
	if _, err := s.commit("main", "checkout.go", "package shop // new checkout flow\n", "feat: new checkout flow"); err != nil {
		return err
	}
	var err error
	s.fix, err = s.commit("hotfix/42", "price.go", "package shop // rounding fixed\n", "fix: round prices half-up")
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "   main:      %s feat: new checkout flow\n", s.short("refs/heads/main"))
	fmt.Fprintf(s.Out, "   hotfix/42: %s fix: round prices half-up (pushed to origin)\n", s.short("refs/heads/hotfix/42"))

	s.say("The CI retries the release step of build 42",
		"A re-run changes nothing and succeeds; the hotfix on the lane is untouched.")
	if err := s.run(0, "release", "--build", "42", "--commit", deployed); err != nil {
		return err
	}

	s.say("A mistake is refused",
		"Build 42 cannot be re-released at another commit: that would move a release tag.")
	return s.run(3, "release", "--build", "42", "--commit", "main")
}

// gateAndBackport: the gate fails the next release until the hotfix is
// backported, and the release then records it.
func (s *session) gateAndBackport() error {

	s.say("The release pipeline of build 43 runs the backport gate before deploying",
		"main lacks the production fix made on hotfix/42, so the gate fails the release (exit 1)",
		"and prints the command that backports it.")
	if err := s.run(1, "check", "--commit", "main"); err != nil {
		return err
	}

	s.say("A developer backports the fix onto main with git cherry-pick -x",
		"(the demo writes the same change and the \"(cherry picked from commit ...)\" line that -x adds)")
	if _, err := s.commit("main", "price.go", "package shop // rounding fixed\n",
		"fix: round prices half-up\n\n(cherry picked from commit "+s.fix+")"); err != nil {
		return err
	}
	if err := s.run(0, "check", "--commit", "main"); err != nil {
		return err
	}

	s.say("Build 43 deploys main and is recorded; 42 is now the previous release")
	return s.run(0, "release", "--build", "43", "--commit", "main")
}

// badReleaseAndRollback: 43 is marked bad, rollback finds 42, and the
// redeploy is recorded as a rollback.
func (s *session) badReleaseAndRollback() error {

	s.say("Build 43 breaks checkout in production: an engineer marks it bad",
		"The mark is a record of its own (who, when, why); the release tag is never moved.")
	if err := s.run(0, "mark-bad", "43", "--reason", "checkout returns 500"); err != nil {
		return err
	}

	s.say("The pipeline asks where to roll back to: the previous approved release")
	if err := s.run(0, "rollback"); err != nil {
		return err
	}

	s.say("It redeploys that commit and records the redeploy with the command rollback printed: release 43.1, a rollback of 43",
		"The new lane hotfix/43.1 starts from the rolled-back commit, so hotfix-dev follows production.")
	if err := s.run(0, "release", "--build", "43.1", "--commit", "prod-42", "--rollback-of", "43"); err != nil {
		return err
	}
	return s.run(0, "status")
}
