// Package scaffold owns the use case "init": the pipeline file for a CI
// (the backport gate before the production deploy, the release record
// after it) and the policy file .hotlane.yml, written into the repository
// it runs in from templates embedded in the binary. It finds the main line
// from the remote's HEAD, never overwrites a file that differs unless
// forced (a file that already holds the same text is left as it is), and
// with a dry run only says what it would write.
package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
)

// Options say where and what init writes.
type Options struct {
	Repo        string // a path in the clone
	Remote      string
	Credentials gitrepo.Credentials
	GitTimeout  time.Duration
	CI          string // github, gitlab, azure or jenkins
	Main        string // "": the remote's HEAD branch
	Version     string // the running hotlane's version (v1.2.3, or a development build's)
	// BranchTemplate and TagTemplate, when given, go into the policy
	// file's defaults.
	BranchTemplate, TagTemplate string
	Force, DryRun               bool
}

// Result says what init wrote, or would write.
type Result struct {
	CI       string
	Dir      string // the clone's top directory
	Main     string
	MainFrom string // where the main line's name came from
	Files    []Outcome
	DryRun   bool
}

// Outcome is one file and what happened to it.
type Outcome struct {
	File
	Action string // "write", "overwrite" (forced), or "unchanged" (it already holds this text)
}

// Run plans the files and writes them. A file that exists with other text
// is bad input (exit 2) before anything is written, unless Force.
func Run(ctx context.Context, o Options) (Result, error) {
	res := Result{CI: o.CI, DryRun: o.DryRun}
	if _, ok := CIs[o.CI]; !ok {
		return res, fault.Invalidf("hotlane init writes the pipeline for one CI: pass --ci github, gitlab, azure or jenkins (nothing was written)")
	}
	dir, err := topDir(o.Repo)
	if err != nil {
		return res, err
	}
	res.Dir = dir
	res.Main, res.MainFrom = mainLine(ctx, o)
	if !safeName.MatchString(res.Main) || naming.CheckRefName(res.Main) != nil {
		return res, fault.Invalidf("the main line %q (%s) is not a branch name init writes into pipeline files (letters, digits, . _ - + /): pass --main (nothing was written)", res.Main, res.MainFrom)
	}
	files, err := Plan(o.CI, Values{Main: res.Main, PinMain: res.MainFrom != remoteHEAD(o.Remote), Version: o.Version,
		BranchTemplate: o.BranchTemplate, TagTemplate: o.TagTemplate})
	if err != nil {
		return res, fault.Wrap(fault.Failed, err)
	}
	var refused []string
	for _, f := range files {
		action, err := decide(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content, o.Force)
		if err != nil {
			return res, fault.Failedf("%w (nothing was written)", err)
		}
		if action == "refuse" {
			refused = append(refused, f.Path)
			continue
		}
		res.Files = append(res.Files, Outcome{File: f, Action: action})
	}
	if len(refused) > 0 {
		return res, fault.Invalidf("%s with other content (nothing was written): move it away, or pass --force to overwrite it", existing(refused))
	}
	if o.DryRun {
		return res, nil
	}
	for _, f := range res.Files {
		if f.Action == "unchanged" {
			continue
		}
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Content); err != nil {
			return res, fault.Failedf("%w; the files listed before it were written, a re-run writes the rest", err)
		}
	}
	return res, nil
}

// existing says which files exist: "a exists", "a and b exist".
func existing(paths []string) string {
	if len(paths) == 1 {
		return paths[0] + " exists"
	}
	return strings.Join(paths[:len(paths)-1], ", ") + " and " + paths[len(paths)-1] + " exist"
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9._+/-]+$`)

// topDir is the top directory of the clone at path.
func topDir(path string) (string, error) {
	repo, err := gitrepo.OpenClone(path)
	if err != nil {
		return "", fault.Invalidf("%w (nothing was written)", err)
	}
	defer func() { _ = gitrepo.CloseClone(repo) }()
	wt, err := repo.Worktree()
	if err != nil {
		return "", fault.Invalidf("%s has no work tree to write the pipeline files into: run hotlane init in a clone (nothing was written)", path)
	}
	return wt.Filesystem.Root(), nil
}

// mainLine is the main line's name and where it came from: --main, the
// remote's HEAD as the remote says it, the clone's record of it
// (refs/remotes/<remote>/HEAD), else main.
func mainLine(ctx context.Context, o Options) (name, from string) {
	if o.Main != "" {
		return o.Main, "--main"
	}
	remote, err := gitrepo.Open(o.Repo, o.Remote, o.Credentials)
	if err != nil {
		return "main", fmt.Sprintf("the default: %v", err)
	}
	defer func() { _ = remote.Close() }()
	if o.GitTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.GitTimeout)
		defer cancel()
	}
	state, readErr := remote.ReadRemote(ctx)
	if readErr == nil && state.HeadBranch != "" {
		return state.HeadBranch, remoteHEAD(o.Remote)
	}
	ref, err := remote.Repository().Reference(plumbing.ReferenceName("refs/remotes/"+o.Remote+"/HEAD"), false)
	if err == nil && ref.Type() == plumbing.SymbolicReference {
		return strings.TrimPrefix(ref.Target().String(), "refs/remotes/"+o.Remote+"/"), fmt.Sprintf("the clone's %s/HEAD", o.Remote)
	}
	why := "it names no HEAD branch"
	if readErr != nil {
		why = remote.Redact(readErr.Error())
	}
	return "main", fmt.Sprintf("the default: the HEAD of %s is unknown (%s)", o.Remote, why)
}

// remoteHEAD says the main line came from the remote's HEAD, where
// hotlane finds it at run time too.
func remoteHEAD(remote string) string { return "the HEAD of " + remote }

// decide says what to do with path: write it (absent), leave it
// (unchanged), overwrite it (forced), or refuse.
func decide(path string, content []byte, force bool) (string, error) {
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "write", nil
	case err != nil:
		return "", fmt.Errorf("read %s: %w", path, err)
	case bytes.Equal(old, content):
		return "unchanged", nil
	case force:
		return "overwrite", nil
	}
	return "refuse", nil
}

// writeFile writes content to path whole: to a temporary file beside it,
// then renamed over it.
func writeFile(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hotlane-init-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(content); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
