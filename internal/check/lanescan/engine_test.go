package lanescan

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// collectWith runs Collect on dir's lanes with the engine as shipped
// (header-first) or computing every patch-id in full.
func collectWith(t *testing.T, dir string, exhaustive bool) verdict.Report {
	t.Helper()
	repo, h := openHistory(t, dir)
	h.exhaustive = exhaustive
	in := collectMain(t, repo, h)
	// the policy file at the candidate, as the gate reads it
	if text, err := gittest.RunGit(dir, "show", "main:"+policy.Name); err == nil {
		f, err := policy.Parse([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		in.Waivers = f.Waivers
	}
	return verdict.Analyze(in)
}

// openHistory opens dir with go-git's defaults, as a test sees it.
// collectMain collects the input for main against the hotfix/{build}
// lanes and their prod-{build} tags, as the gate does.
func collectMain(t *testing.T, repo *git.Repository, h *History) verdict.Input {
	t.Helper()
	branches, _ := naming.ParseTemplate("hotfix/{build}")
	tags, _ := naming.ParseTemplate("prod-{build}")
	specs, err := h.Discover("origin", branches, tags, "production")
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.ResolveRevision("main")
	if err != nil {
		t.Fatal(err)
	}
	in, err := h.Collect(*head, "main", specs)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func openHistory(t *testing.T, dir string) (*git.Repository, *History) {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(repo)
	if err != nil {
		t.Fatal(err)
	}
	return repo, h
}

func verdicts(rep verdict.Report) map[string]string {
	out := map[string]string{}
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			out[l.Lane+" "+v.Commit.Subject] = v.Status + " " + v.Evidence
		}
	}
	return out
}

// TestSiblingCommitsAreNoSquash: a lane that merged two PR branches has
// hotfix commits that are consecutive in the report but not parent and
// child. Their "range" once diffed as first^..last was only the second
// branch's change, so a main-line cherry-pick of B credited A as squashed
// (containerd release/2.2 8a5fc86416). A squash range is a first-parent
// chain, and A stays missing.
func TestSiblingCommitsAreNoSquash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	g("init", "-q", "-b", "main")
	gittest.Commit(t, dir, "x.txt", "x1\nx2\nx3\nx4\nx5\nx6\nx7\nx8\n", "add x")
	gittest.Commit(t, dir, "y.txt", "y1\ny2\ny3\n", "add y")
	g("tag", "-a", "-m", "release", "prod-1")
	g("checkout", "-q", "-b", "hotfix/1")
	g("checkout", "-q", "-b", "pr-a", "prod-1")
	gittest.Commit(t, dir, "x.txt", "x1 fixed by A\nx2\nx3\nx4\nx5\nx6\nx7\nx8\n", "fix: A")
	g("checkout", "-q", "-b", "pr-b", "prod-1")
	gittest.Commit(t, dir, "x.txt", "x1\nx2\nx3\nx4\nx5\nx6\nx7\nx8 fixed by B\n", "tmp")
	gittest.Commit(t, dir, "y.txt", "y1\ny2 fixed by B\ny3\n", "tmp2")
	g("reset", "-q", "--soft", "prod-1")
	g("commit", "-q", "-m", "fix: B")
	b := g("rev-parse", "HEAD")
	g("checkout", "-q", "hotfix/1")
	g("merge", "-q", "--no-ff", "-m", "Merge pr-a", "pr-a")
	g("merge", "-q", "--no-ff", "-m", "Merge pr-b", "pr-b")
	g("checkout", "-q", "main")
	gittest.Commit(t, dir, "z.txt", "z\n", "feat: z")
	g("cherry-pick", b)

	for _, exhaustive := range []bool{false, true} {
		got := verdicts(collectWith(t, dir, exhaustive))
		if !strings.HasPrefix(got["hotfix/1 fix: A"], verdict.Missing) || !strings.HasPrefix(got["hotfix/1 fix: B"], verdict.Equivalent) {
			t.Errorf("exhaustive=%v: verdicts %v; want A missing, B equivalent", exhaustive, got)
		}
	}
}

// TestHeaderFirstAgreesWithFullPatchIDs is the property behind the
// engine's shortcuts: on random histories (cherry-picks, squashes of runs,
// partial squashes, adapted copies, lanes with merged PR branches, files
// shared by many commits), comparing only the changes whose paths
// collide, file by file, gives every hotfix commit the same status and
// evidence as computing every patch-id in full.
func TestHeaderFirstAgreesWithFullPatchIDs(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for seed := int64(1); seed <= 4; seed++ {
		dir := t.TempDir()
		randomLanes(t, dir, rand.New(rand.NewSource(seed)))
		fast, full := verdicts(collectWith(t, dir, false)), verdicts(collectWith(t, dir, true))
		for k, want := range full {
			if fast[k] != want {
				t.Errorf("seed %d, %s: header-first %q, full patch-ids %q", seed, k, fast[k], want)
			}
			seen[strings.Fields(want)[0]]++
		}
		if len(fast) != len(full) {
			t.Errorf("seed %d: header-first saw %d hotfix commits, full %d", seed, len(fast), len(full))
		}
	}
	// the histories must exercise the shortcuts, not only agree
	t.Logf("statuses: %v", seen)
	for _, s := range []string{verdict.Equivalent, verdict.Squashed, verdict.Missing} {
		if seen[s] < 2 {
			t.Errorf("%d hotfix commits ended %s, want at least 2: %v", seen[s], s, seen)
		}
	}
}

// randomLanes writes a main line and two lanes of random hotfixes over a
// handful of shared files, then brings some of them to main in the ways
// teams do.
func randomLanes(t *testing.T, dir string, rng *rand.Rand) {
	g := func(args ...string) string { return gittest.Git(t, dir, args...) }
	files := []string{"a.txt", "b.txt", "c.txt", "d/e.txt", "d/f.txt"}
	content := map[string][]string{}
	write := func(file, msg string) {
		lines := content[file]
		if len(lines) == 0 {
			for i := 0; i < 60; i++ {
				lines = append(lines, fmt.Sprintf("%s line %d", file, i))
			}
		}
		i := rng.Intn(len(lines))
		lines[i] = fmt.Sprintf("%s line %d changed %d", file, i, rng.Intn(1000))
		content[file] = lines
		gittest.Commit(t, dir, file, strings.Join(lines, "\n")+"\n", msg)
	}
	g("init", "-q", "-b", "main")
	for _, f := range files {
		write(f, "add "+f)
	}
	var picks []string
	for lane := 1; lane <= 2; lane++ {
		g("checkout", "-q", "main")
		write(files[rng.Intn(len(files))], fmt.Sprintf("main work before release %d", lane))
		g("tag", "-a", "-m", "release", fmt.Sprintf("prod-%d", lane))
		g("checkout", "-q", "-b", fmt.Sprintf("hotfix/%d", lane))
		saved := map[string][]string{}
		for f, l := range content {
			saved[f] = append([]string(nil), l...)
		}
		for i := 0; i < 10; i++ {
			if rng.Intn(5) == 0 {
				// a PR branch merged into the lane
				g("checkout", "-q", "-b", fmt.Sprintf("pr-%d-%d", lane, i))
				write(files[rng.Intn(len(files))], fmt.Sprintf("fix %d.%d on a PR branch", lane, i))
				write(files[rng.Intn(len(files))], fmt.Sprintf("fix %d.%d second", lane, i))
				g("checkout", "-q", fmt.Sprintf("hotfix/%d", lane))
				g("merge", "-q", "--no-ff", "-m", "merge PR", fmt.Sprintf("pr-%d-%d", lane, i))
				for _, f := range files {
					content[f] = strings.Split(strings.TrimSuffix(g("show", "HEAD:"+f)+"\n", "\n"), "\n")
				}
				continue
			}
			write(files[rng.Intn(len(files))], fmt.Sprintf("fix %d.%d", lane, i))
		}
		lanePicks := strings.Fields(g("rev-list", "--reverse", "--no-merges", fmt.Sprintf("prod-%d..hotfix/%d", lane, lane)))
		picks = append(picks, lanePicks...)
		content = saved
	}
	g("checkout", "-q", "main")
	// bring hotfixes to main: identical picks, squashed runs, adapted copies
	for i := 0; i < len(picks); i++ {
		switch rng.Intn(4) {
		case 0:
			if _, err := gittest.RunGit(dir, "cherry-pick", picks[i]); err != nil {
				g("cherry-pick", "--abort")
			}
		case 1:
			if i+1 < len(picks) {
				if _, err := gittest.RunGit(dir, "cherry-pick", "--no-commit", picks[i], picks[i+1]); err != nil {
					g("cherry-pick", "--abort")
					g("reset", "-q", "--hard")
				} else if _, err := gittest.RunGit(dir, "commit", "-q", "-m", "squash of two fixes"); err != nil {
					g("reset", "-q", "--hard")
				}
				i++
			}
		case 2:
			for _, f := range files {
				content[f] = strings.Split(strings.TrimSuffix(g("show", "HEAD:"+f)+"\n", "\n"), "\n")
			}
			write(files[rng.Intn(len(files))], "adapted fix")
		}
	}
}

// TestCommitGraph: with a commit-graph the walks read parents and dates
// from it, and every verdict is what the objects give.
func TestCommitGraph(t *testing.T) {
	t.Parallel()
	dir, _ := fates(t)
	without := verdicts(collectWith(t, dir, false))
	gittest.Git(t, dir, "commit-graph", "write", "--reachable")
	if _, h := openHistory(t, dir); h.graph == nil {
		t.Fatal("the commit-graph was not opened")
	}
	with := verdicts(collectWith(t, dir, false))
	if len(with) != len(without) {
		t.Fatalf("%d verdicts with a commit-graph, %d without", len(with), len(without))
	}
	for k, v := range without {
		if with[k] != v {
			t.Errorf("%s: %q with a commit-graph, %q without", k, with[k], v)
		}
	}
}
