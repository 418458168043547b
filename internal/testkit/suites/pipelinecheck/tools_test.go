//go:build validators

package pipelinecheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// root is the repository's top directory.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// sharedFile is a file of ../shared, kept beside the clone and not in
// this repository (the Azure Pipelines schema). With
// HOTLANE_REQUIRE_SHARED=1, which .ci/run sets, its absence fails the
// test; anywhere else (a newcomer's clone, the project's own GitHub
// workflows, whatever CI says) the one check that needs it is skipped,
// and scripts/test ends by saying loudly that it did not run.
func sharedFile(t *testing.T, rel string) string {
	t.Helper()
	path := filepath.Join(root(t), "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("HOTLANE_REQUIRE_SHARED") == "1" {
			t.Fatalf("%s is required beside the repository (../shared, HOTLANE_REQUIRE_SHARED=1): %v", rel, err)
		}
		t.Skipf("NOT RUN: needs ../shared/%s beside the clone (.ci/run requires it): %v", rel, err)
	}
	return path
}

// nodePackages are the npm tools, pinned.
var nodePackages = []string{"ajv@8.17.1", "js-yaml@4.1.0", "azure-pipelines-task-lib@5.281.0", "npm-groovy-lint@16.2.0", "mermaid@11.17.2", "jsdom@29.1.1",
	"gitlab-ci-local@4.70.1"}

var (
	nodeOnce sync.Once
	nodeDir  string
	nodeErr  error
)

// nodeModules installs the npm tools once into the user cache (CI builds
// them once and keeps them with the build cache) and returns the directory
// holding node_modules.
func nodeModules(t *testing.T) string {
	t.Helper()
	nodeOnce.Do(func() {
		sum := sha256.Sum256([]byte(strings.Join(nodePackages, " ")))
		cache, err := os.UserCacheDir()
		if err != nil {
			nodeErr = err
			return
		}
		nodeDir = filepath.Join(cache, "hotlane-node-"+hex.EncodeToString(sum[:6]))
		if _, err := os.Stat(filepath.Join(nodeDir, "node_modules", ".hotlane-complete")); err == nil {
			return
		}
		if err := os.MkdirAll(nodeDir, 0o755); err != nil {
			nodeErr = err
			return
		}
		args := append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", nodeDir}, nodePackages...)
		cmd := exec.Command("npm", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			nodeErr = err
			nodeDir = string(out)
			return
		}
		nodeErr = os.WriteFile(filepath.Join(nodeDir, "node_modules", ".hotlane-complete"), nil, 0o644)
	})
	if nodeErr != nil {
		t.Fatalf("installing the npm tools (node and npm are needed): %v\n%s", nodeErr, nodeDir)
	}
	return nodeDir
}

// run runs a command in dir and returns its combined output.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// node runs a script with the npm tools on NODE_PATH.
func node(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("node", args...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(nodeModules(t), "node_modules"))
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

var (
	toolsMu  sync.Mutex
	toolBins = map[string]string{}
)

// goTool installs a pinned Go tool (module@version of its main package)
// once, with the user's Go caches, and returns the binary's path: a test
// that runs it with another HOME must not make go rebuild it from an empty
// module cache.
func goTool(t *testing.T, pkg string) string {
	t.Helper()
	toolsMu.Lock()
	defer toolsMu.Unlock()
	if bin, ok := toolBins[pkg]; ok {
		return bin
	}
	dir, err := os.MkdirTemp("", "hotlane-tool-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "install", pkg)
	cmd.Env = append(os.Environ(), "GOBIN="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", pkg, err, out)
	}
	// go install names the binary after the last path element that is no
	// major version (github.com/goreleaser/goreleaser/v2: goreleaser)
	path, _, _ := strings.Cut(pkg, "@")
	name := filepath.Base(path)
	if regexp.MustCompile(`^v[0-9]+$`).MatchString(name) {
		name = filepath.Base(filepath.Dir(path))
	}
	toolBins[pkg] = filepath.Join(dir, name)
	return toolBins[pkg]
}

// goCaches are GOCACHE, GOMODCACHE and GOPATH as the user has them, for a
// tool that runs go with another HOME.
func goCaches(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(v) != 3 {
		t.Fatalf("go env: %q", out)
	}
	return []string{"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOPATH=" + v[2]}
}

// TestMain removes the tools and the hotlane binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, bin := range toolBins {
		os.RemoveAll(filepath.Dir(bin))
	}
	if binErr == nil && binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}
