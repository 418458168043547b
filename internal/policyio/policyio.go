// Package policyio owns where the policy in force comes from: the policy
// file (.hotlane.yml) on the main line as the remote has it, the branch
// that reviews protect, never the commit under test, so a candidate cannot
// loosen the rules that judge it. Online it reads the remote's main-line
// ref (fetching it when the clone lacks it or has it stale) and the file
// at that commit; --offline reads the clone's remote-tracking main line
// (else its own branch) and says so; without a clone (GitHub API mode) it
// reads the file through the contents API at the main branch. The main
// line is found without the file: --main, else the remote's HEAD branch,
// else main. Every command that the file's defaults may change reads it
// here, once, before anything is changed.
package policyio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotlane/hotlane/internal/engine/access"
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
)

// InForce is the policy in force and where it was read.
type InForce struct {
	File policy.File
	// Commit is the main-line commit the file was read at ("" when there
	// is no main line to read: no policy is in force then).
	Commit string
	// Branch is the main line's branch; Source names the ref the file
	// came from: "origin/main", "main" (the clone's own branch, offline),
	// "GitHub main" (the API).
	Branch, Source string
	// Found says the main line has the file; Data is it, as read.
	Found bool
	Data  []byte
	// Notes are warnings about the read (near-miss file names, offline).
	Notes []string
	// Secrets are the credentials the remote's URL held, to mask.
	Secrets []string
	// Remote is the remote's refs as read to find the main line (online,
	// through git; nil otherwise), for the command to work on: a run reads
	// the remote once.
	Remote *gitref.RemoteState
}

// Path is the policy file's path in the repository.
func (p InForce) Path() string { return policy.Name }

// Describe names the policy for messages and reports:
// ".hotlane.yml at 1a2b3c4d5e6f (origin/main)".
func (p InForce) Describe() string {
	switch {
	case p.Commit == "":
		return "no " + policy.Name + " (no main line to read it from)"
	case !p.Found:
		return fmt.Sprintf("no %s at %s (%s)", policy.Name, naming.Short(p.Commit), p.Source)
	}
	return fmt.Sprintf("%s at %s (%s)", policy.Name, naming.Short(p.Commit), p.Source)
}

// Differs says whether a candidate's own policy file (data; found: it
// has one) differs from the policy in force: the report says so, since
// the candidate's file takes effect only once merged.
func (p InForce) Differs(data []byte, found bool) bool {
	return found != p.Found || !bytes.Equal(data, p.Data)
}

// Options say where the main line is and how to reach it.
type Options struct {
	Repo, Remote string
	Credentials  gitrepo.Credentials
	// Main is the main line's branch ("": the remote's HEAD branch, else
	// Fallback, config's); MainGiven says a flag or variable named it.
	Main      string
	MainGiven bool
	Fallback  string
	// Offline reads the clone's own refs, not the remote's; OfflineHint
	// says the command takes --offline, for the advice when the remote
	// cannot be read.
	Offline, OfflineHint bool
	GitTimeout           time.Duration
	// Reach, when set, is the run's way to the repository: its clone,
	// already open, and its GitHub client, used where access's one rule
	// picked the API (release without a clone). Nil: Read opens the clone
	// itself and reads through git.
	Reach *access.Reach
}

// Read finds the policy in force. A file that cannot be meant is bad
// input (exit 2) naming the file, its commit and the key; a remote or file
// that cannot be read is exit 3. Nothing is changed but the clone's
// remote-tracking ref of the main line.
func Read(ctx context.Context, o Options) (InForce, error) {
	if o.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.GitTimeout)
		defer cancel()
	}
	reach := o.Reach
	if reach == nil {
		reach = access.GitHub{Mode: access.ModeGit}.Open(o.Repo, o.Remote, o.Credentials)
		defer reach.Close()
	}
	repo, openErr := reach.Repo, reach.OpenErr
	var p InForce
	var err error
	switch {
	case reach.API:
		p, err = readAPI(ctx, o, reach)
	case o.Offline:
		p, err = readOffline(o)
	case errors.Is(openErr, gitrepo.ErrRemoteNotFound):
		return InForce{}, fault.Invalidf("%w; the policy in force (%s) is read from the remote's main line (nothing was changed)%s",
			openErr, policy.Name, o.offlineAdvice("; to work with the clone alone, pass --offline"))
	case openErr != nil:
		return InForce{}, fault.Invalidf("%w (nothing was changed)", openErr)
	default:
		p, err = readRemote(ctx, o, repo)
	}
	if repo != nil {
		p.Secrets = repo.Secrets()
	}
	if err != nil {
		return p, err
	}
	return p, p.parse()
}

// offlineAdvice is advice for commands that take --offline, else "".
func (o Options) offlineAdvice(advice string) string {
	if o.OfflineHint {
		return advice
	}
	return ""
}

// parse reads the file found, and checks that defaults.main, if given,
// names the branch the file was read from: the main line decides where
// the policy is read, so the file cannot name another.
func (p *InForce) parse() error {
	if !p.Found {
		return nil
	}
	f, err := policy.Parse(p.Data)
	if err != nil {
		return fault.Invalidf("the policy in force, %s: %w (nothing was changed; fix the file on the main line)", p.Describe(), err)
	}
	if f.Defaults.Main != "" && f.Defaults.Main != p.Branch {
		return fault.Invalidf("the policy in force, %s: defaults.main is %q, but the file is read from the main line %s: the file cannot "+
			"choose the branch it is read from (nothing was changed). Remove defaults.main, and name the main line with --main or "+
			"HOTLANE_MAIN (the action's main input) where it is not the remote's HEAD branch", p.Describe(), f.Defaults.Main, p.Branch)
	}
	p.File = f
	return nil
}

// readAPI reads the file through the GitHub contents API at the main
// branch (the repository's default branch unless --main).
func readAPI(ctx context.Context, o Options, reach *access.Reach) (InForce, error) {
	client, err := reach.Client()
	if err != nil {
		return InForce{}, err
	}
	eng := ghapi.NewEngine(client)
	main := o.Main
	if main == "" {
		if main, err = eng.DefaultBranch(ctx); err != nil {
			return InForce{}, fault.Unavailablef("read the repository's default branch, the main line whose %s is in force: %w (nothing was changed; pass --main)", policy.Name, err)
		}
	}
	sha, err := eng.FetchBranch(ctx, main)
	if err != nil {
		return InForce{}, fault.Unavailablef("read the main line %s, whose %s is in force: %w (nothing was changed; pass --main if it is another branch)", main, policy.Name, err)
	}
	p := InForce{Commit: sha, Branch: main, Source: "GitHub " + main}
	data, ok, err := eng.ReadFile(ctx, sha, policy.Name)
	if err != nil {
		return p, fault.Unavailablef("read %s at %s (%s): %w (nothing was changed)", policy.Name, naming.Short(sha), p.Source, err)
	}
	p.Found, p.Data = ok, data
	return p, nil
}
