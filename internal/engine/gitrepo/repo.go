// Package gitrepo is hotlane's git engine, built on go-git so that no git
// binary is needed at run time: it opens the local clone, resolves commits,
// reads what the remote has, creates annotated tags, fetches, and pushes
// with explicit refspecs, never forced. Everything it reports is redacted
// of credentials.
package gitrepo

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
)

// Credentials are what hotlane may authenticate with.
type Credentials struct {
	Token            string // HTTPS: sent as the basic-auth password
	Username         string // HTTPS: basic-auth user; empty picks one per host
	SSHKey           string // SSH: private key file; empty uses the SSH agent
	SSHKeyPassphrase string
}

// ErrRemoteNotFound says the clone has no remote of the name given.
var ErrRemoteNotFound = errors.New("remote not found")

// Repo is a local clone and the remote hotlane works with.
type Repo struct {
	repo     *git.Repository
	remote   string
	url      string
	endpoint *transport.Endpoint
	auth     transport.AuthMethod
	redactor *Redactor
}

var fileTransportOnce sync.Once

// PrepareTransports serves file:// remotes from go-git's own server when no
// git binary is installed (go-git's default file transport runs
// git-upload-pack and git-receive-pack), so that no git is needed at run
// time. It is safe to call more than once.
func PrepareTransports() {
	fileTransportOnce.Do(func() {
		if _, err := exec.LookPath("git"); err != nil {
			client.InstallProtocol("file", server.DefaultServer)
		}
	})
}

// Open opens the clone at path (or a parent of it) and its remote.
func Open(path, remote string, cred Credentials) (*Repo, error) {
	PrepareTransports()
	repo, err := openShared(path)
	if err != nil {
		return nil, err
	}
	r := &Repo{repo: repo, remote: remote, redactor: NewRedactor(cred.Token, cred.SSHKeyPassphrase)}
	rem, err := repo.Remote(remote)
	if err != nil {
		names := remoteNames(repo)
		_ = closeShared(repo)
		return nil, fmt.Errorf("%w: %q not found in %s (remotes: %s): pass --remote", ErrRemoteNotFound, remote, path, names)
	}
	urls := rem.Config().URLs
	if len(urls) == 0 {
		return nil, fmt.Errorf("remote %q has no URL", remote)
	}
	r.url = urls[len(urls)-1]
	r.redactor.AddURL(r.url) // first: the parser's own error quotes the URL
	r.endpoint, err = transport.NewEndpoint(r.url)
	if err != nil {
		// the parser's error as redacted text, not wrapped: it quotes the URL, credentials and all
		return nil, fmt.Errorf("remote %q: invalid URL %s: %s", remote, r.redactor.URL(r.url), r.redactor.String(err.Error()))
	}
	r.auth, err = authFor(r.endpoint, cred)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func remoteNames(repo *git.Repository) string {
	rems, err := repo.Remotes()
	if err != nil || len(rems) == 0 {
		return "none"
	}
	var names []string
	for _, r := range rems {
		names = append(names, r.Config().Name)
	}
	return strings.Join(names, ", ")
}

// RemoteName is the name of the remote.
func (r *Repo) RemoteName() string { return r.remote }

// RemoteURL is the remote's URL with any credentials removed.
func (r *Repo) RemoteURL() string { return r.redactor.URL(r.url) }

// Redact removes every credential hotlane knows of from s.
func (r *Repo) Redact(s string) string { return r.redactor.String(s) }

// Secrets lists the credentials in force (token, passphrase, and any
// password in the remote URL), for masking in CI logs.
func (r *Repo) Secrets() []string { return r.redactor.Secrets() }

// ResolveCommit resolves rev (empty: HEAD) to a full commit sha. A
// revision that names no object, or an object that is not a commit (a
// tree, a blob, HEAD^{tree}), is a *BadRevisionError.
func (r *Repo) ResolveCommit(rev string) (string, error) {
	return ResolveCommit(r.repo, rev)
}

// BadRevisionError says a revision does not name a commit: bad input.
type BadRevisionError struct{ msg string }

func (e *BadRevisionError) Error() string { return e.msg }

// ResolveCommit resolves rev (empty: HEAD) in repo to a full commit sha.
func ResolveCommit(repo *git.Repository, rev string) (string, error) {
	if rev == "" {
		rev = "HEAD"
	}
	// go-git resolves "X^{tree}" to X's commit and a path ("X:file") to
	// nothing: name what is not a commit instead of guessing
	if i := strings.Index(rev, "^{"); i >= 0 {
		if peel := rev[i:]; peel != "^{}" && peel != "^{commit}" {
			return "", &BadRevisionError{fmt.Sprintf("%q names a %s, not a commit: pass a commit (a sha, a branch, a tag)", rev, strings.Trim(peel, "^{}"))}
		}
		rev = rev[:i]
	}
	if plumbing.IsHash(rev) {
		obj, err := repo.Storer.EncodedObject(plumbing.AnyObject, plumbing.NewHash(rev))
		if err == nil && obj.Type() != plumbing.CommitObject && obj.Type() != plumbing.TagObject {
			return "", &BadRevisionError{fmt.Sprintf("%q is a %s, not a commit: pass a commit (a sha, a branch, a tag)", rev, obj.Type())}
		}
	}
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return "", &BadRevisionError{fmt.Sprintf("commit %q not found in the local clone: %v (is the clone shallow or stale? fetch it, or pass --commit)", rev, err)}
	}
	c, err := repo.CommitObject(*h)
	if err != nil {
		return "", &BadRevisionError{fmt.Sprintf("%q (%s) is not a commit: %v", rev, h, err)}
	}
	return c.Hash.String(), nil
}

// OpenClone opens the clone at path without a remote, for commands that
// can work on local branches alone.
func OpenClone(path string) (*git.Repository, error) {
	PrepareTransports()
	return openShared(path)
}

// CloseClone releases what OpenClone holds open (pack files).
func CloseClone(repo *git.Repository) error { return closeShared(repo) }

// Close releases the clone's open pack files.
func (r *Repo) Close() error { return closeShared(r.repo) }

// Repository is the go-git repository, for readers of history.
func (r *Repo) Repository() *git.Repository { return r.repo }
