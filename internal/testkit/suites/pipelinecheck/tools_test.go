//go:build validators

package pipelinecheck

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
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

// toolsFile pins the third-party tools the validators run.
//
//go:embed testdata/tools.txt
var toolsFile string

// nodePackages are the npm tools (name@version) and goPins the Go tools
// (module path of the main package@version) by their binary's name, as
// testdata/tools.txt pins them.
var nodePackages, goPins = readPins(toolsFile)

func readPins(text string) (npm []string, gotools map[string]string) {
	gotools = map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		kind, pin, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch kind {
		case "npm":
			npm = append(npm, pin)
		case "go":
			gotools[binaryName(pin)] = pin
		}
	}
	return npm, gotools
}

// binaryName is what go install names a main package's binary: the last
// path element that is no major version (github.com/goreleaser/goreleaser/v2:
// goreleaser).
func binaryName(pkg string) string {
	path, _, _ := strings.Cut(pkg, "@")
	name := filepath.Base(path)
	if regexp.MustCompile(`^v[0-9]+$`).MatchString(name) {
		name = filepath.Base(filepath.Dir(path))
	}
	return name
}

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

// goTool installs the Go tool that testdata/tools.txt pins under name
// once, with the user's Go caches, into the user cache (kept there by
// name and version, as the npm tools are), and returns the binary's path:
// a test that runs it with another HOME must not make go rebuild it from
// an empty module cache.
func goTool(t *testing.T, name string) string {
	t.Helper()
	pkg, ok := goPins[name]
	if !ok {
		t.Fatalf("testdata/tools.txt pins no Go tool named %s", name)
	}
	toolsMu.Lock()
	defer toolsMu.Unlock()
	if bin, ok := toolBins[pkg]; ok {
		return bin
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	_, version, _ := strings.Cut(pkg, "@")
	dir := filepath.Join(cache, "hotlane-go-tools", name+"@"+version)
	bin := filepath.Join(dir, name)
	if _, err := os.Stat(bin); err != nil {
		// installed beside, then moved into place: an install cut short
		// leaves no binary to be taken for a whole one
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		tmp, err := os.MkdirTemp(filepath.Dir(dir), name+".tmp-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("go", "install", pkg)
		cmd.Env = append(os.Environ(), "GOBIN="+tmp)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go install %s: %v\n%s", pkg, err, out)
		}
		if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, fs.ErrExist) {
			if _, serr := os.Stat(bin); serr != nil { // not another run's, finished first
				t.Fatal(err)
			}
		}
	}
	toolBins[pkg] = bin
	return bin
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

// TestMain removes the hotlane binary the tests built (the tools stay in
// the user cache, as the Go and npm caches do).
func TestMain(m *testing.M) {
	code := m.Run()
	if binErr == nil && binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// TestPinnedToolsRun: every tool testdata/tools.txt pins is installed at
// its version and runs: each npm package is in node_modules at the
// version pinned, each Go tool says it is the version pinned. .ci/run runs this test
// alone before scripts/test, so that a fresh machine builds the tools
// before the test command starts.
func TestPinnedToolsRun(t *testing.T) {
	if len(nodePackages) == 0 || len(goPins) == 0 {
		t.Fatalf("testdata/tools.txt pins %d npm packages and %d Go tools", len(nodePackages), len(goPins))
	}
	// npm waits on the network and the disk, go install on the cores:
	// side by side
	t.Run("npm", func(t *testing.T) {
		t.Parallel()
		modules := filepath.Join(nodeModules(t), "node_modules")
		for _, pin := range nodePackages {
			at := strings.LastIndex(pin, "@")
			name, version := pin[:at], pin[at+1:]
			data, err := os.ReadFile(filepath.Join(modules, filepath.FromSlash(name), "package.json"))
			if err != nil {
				t.Errorf("npm package %s is not installed: %v", name, err)
				continue
			}
			var meta struct{ Version string }
			if err := json.Unmarshal(data, &meta); err != nil || meta.Version != version {
				t.Errorf("npm package %s is at %q, pinned at %s (%v)", name, meta.Version, version, err)
			}
		}
	})
	t.Run("go", func(t *testing.T) {
		t.Parallel()
		names := make([]string, 0, len(goPins))
		for name := range goPins {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			_, version, _ := strings.Cut(goPins[name], "@")
			out, err := run(t, t.TempDir(), nil, goTool(t, name), "--version")
			if err != nil || !strings.Contains(out, strings.TrimPrefix(version, "v")) {
				t.Errorf("%s --version (pinned at %s): %v\n%s", name, version, err, out)
			}
		}
	})
}
