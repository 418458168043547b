package lanescan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// precisionFates builds a repository whose lane holds what real release
// branches hold besides plain fixes (issue 20), each with the negative
// that must stay missing: the same fix at a path that moved on main, pin
// moves main has (or lacks), release notes and a version bump (and a code
// change in the version file), bot subjects that repeat on main.
func precisionFates(t *testing.T) (string, map[string]string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	commit := func(file, content, msg string) { gittest.Commit(t, dir, file, content, msg) }
	g("init", "-q", "-b", "main")
	kv := "package mvcc\n\nfunc compact(rev int64) {\n\tkeep(rev)\n}\n"
	commit("mvcc/kvstore.go", kv, "add mvcc")
	commit("go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.0\n\tgolang.org/x/net v0.30.0\n)\n", "add go.mod")
	commit("go.sum", "golang.org/x/net v0.30.0 h1:old\n", "add go.sum")
	version := "package version\n\nvar Version = \"1.7.24+unknown\"\n"
	commit("version/version.go", version, "add version")
	commit(".mailmap", "Ann <ann@example.com>\n", "add mailmap")
	commit("deps.txt", "alpha 1\n", "add deps")
	g("tag", "-a", "-m", "Production release 1", "prod-1")

	g("checkout", "-q", "-b", "hotfix/1")
	leak := "package mvcc\n\nfunc compact(rev int64) {\n\tdefer releaseTxn(rev)\n\tif rev < 0 {\n\t\treturn\n\t}\n\tkeep(rev)\n}\n"
	commit("mvcc/kvstore.go", leak, "fix: compaction leak")
	commit("go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.0\n\tgolang.org/x/net v0.31.0\n)\n",
		"build(deps): bump golang.org/x/net from 0.30.0 to 0.31.0")
	commit("go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.1\n\tgolang.org/x/net v0.31.0\n)\n",
		"build(deps): bump example.com/lib to 1.0.1")
	commit("releases/v1.7.25.toml", "# v1.7.25\n\nWelcome to the v1.7.25 release of app!\n", "Prepare release notes for v1.7.25")
	commit("version/version.go", "package version\n\nvar Version = \"1.7.25+unknown\"\n", "Bump version to v1.7.25")
	commit("version/version.go", "package version\n\nvar Version = \"1.7.26+unknown\"\n\nfunc Check() bool { return Version != \"\" }\n", "fix: version check")
	commit(".mailmap", "Ann <ann@example.com>\nBea <bea@example.com>\nCid <cid@example.com>\n", "Update mailmap")
	commit("deps.txt", "alpha 1\nbravo 7\n", "chore: update dependencies")

	g("checkout", "-q", "main")
	if err := os.MkdirAll(filepath.Join(dir, "server", "storage"), 0o755); err != nil {
		t.Fatal(err)
	}
	g("mv", "mvcc", "server/storage/")
	g("commit", "-q", "-m", "refactor: move mvcc under server/")
	commit("server/storage/mvcc/kvstore.go", "package mvcc\n\n// compact frees what rev no longer needs.\nfunc compact(rev int64) {\n\tdefer releaseTxn(rev)\n\tif rev < 0 {\n\t\treturn\n\t}\n\tkeep(rev)\n}\n",
		"fix: compaction leak (#120)")
	commit("go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.0\n\tgolang.org/x/net v0.32.0\n)\n",
		"build(deps): bump golang.org/x/net from 0.31.0 to 0.32.0")
	commit("version/version.go", "package version\n\nvar Version = \"2.0.0-dev\"\n", "Start 2.0")
	// the same entries and one more (the witness), then another release's
	commit(".mailmap", "Ann <ann@example.com>\nBea <bea@example.com>\nCid <cid@example.com>\nEve <eve@example.com>\n", "Update mailmap")
	commit(".mailmap", "Ann <ann@example.com>\nBea <bea@example.com>\nCid <cid@example.com>\nEve <eve@example.com>\nDov <dov@example.com>\n", "Update mailmap")
	commit("deps.txt", "alpha 2\n", "chore: update dependencies")
	mailmapSame := g("log", "-1", "--format=%H", "HEAD~2")
	return dir, map[string]string{
			"fix: compaction leak": verdict.Adapted,
			"build(deps): bump golang.org/x/net from 0.30.0 to 0.31.0": verdict.Superseded,
			"build(deps): bump example.com/lib to 1.0.1":               verdict.Missing,
			"Prepare release notes for v1.7.25":                        verdict.ReleaseOnly,
			"Bump version to v1.7.25":                                  verdict.ReleaseOnly,
			"fix: version check":                                       verdict.Missing,
			"Update mailmap":                                           verdict.Adapted,
			"chore: update dependencies":                               verdict.Missing,
		}, map[string]string{
			"fix: compaction leak": "moved: mvcc/kvstore.go → server/storage/mvcc/kvstore.go",
			"build(deps): bump golang.org/x/net from 0.30.0 to 0.31.0": "go.mod golang.org/x/net: v0.31.0 on the lane, v0.32.0 on main",
			"build(deps): bump example.com/lib to 1.0.1":               "",
			"Prepare release notes for v1.7.25":                        "releases/v1.7.25.toml: release notes of v1.7.25",
			"Bump version to v1.7.25":                                  "version/version.go: the version of the release line 1.7, 1.7.25 (main: 2.0.0-dev)",
			"Update mailmap":                                           "the witness " + mailmapSame[:12],
		}
}

// TestPrecisionFates: what real release branches hold besides plain fixes
// gets the status a reviewer would give it, with evidence naming why.
func TestPrecisionFates(t *testing.T) {
	t.Parallel()
	dir, want, evidence := precisionFates(t)
	rep := analyze(t, dir)
	got := map[string]verdict.Verdict{}
	for _, v := range rep.Lanes[0].Verdicts {
		got[v.Commit.Subject] = v
	}
	for subject, status := range want {
		v := got[subject]
		text := v.Evidence + " " + v.Note
		if strings.HasPrefix(evidence[subject], "the witness ") {
			text = "the witness " + short(v.Evidence)
		}
		if v.Status != status || !strings.Contains(text, evidence[subject]) {
			t.Errorf("%q: %s %q, want %s with %q", subject, v.Status, text, status, evidence[subject])
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d hotfix commits, want %d", len(got), len(want))
	}
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
