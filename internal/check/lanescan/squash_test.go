package lanescan

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

// edit is one hotfix commit in a table case: its parent (a name, "" for
// the base) and what it does to paths: path → "old>new" blob names.
type edit struct {
	name, parent string
	paths        map[string]string
	settled      bool
}

func blob(name string) plumbing.Hash {
	if name == "" {
		return plumbing.ZeroHash
	}
	return plumbing.ComputeHash(plumbing.BlobObject, []byte(name))
}

func commitHash(name string) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.CommitObject, []byte(name))
}

// collectorOf builds a collector over one lane of edits, in the order
// given (as laneCommits orders them: parents before children).
func collectorOf(edits []edit) *collector {
	c := newCollector(nil, nil)
	var nodes []*node
	var settled []bool
	for _, e := range edits {
		parent := commitHash("base")
		if e.parent != "" {
			parent = commitHash(e.parent)
		}
		n := &node{hash: commitHash(e.name), parents: []plumbing.Hash{parent}}
		var ch []change
		for path, move := range e.paths {
			from, to, _ := strings.Cut(move, ">")
			x := change{path: path, oldHash: blob(from), newHash: blob(to)}
			if from != "" {
				x.oldMode = filemode.Regular
			}
			if to != "" {
				x.newMode = filemode.Regular
			}
			ch = append(ch, x)
		}
		sortChanges(ch)
		if !e.settled {
			c.changes[n.hash] = ch
		}
		nodes = append(nodes, n)
		settled = append(settled, e.settled)
	}
	c.addLane(nodes, settled)
	return c
}

func shapeOf(paths ...string) mainShape {
	var ch []change
	for _, p := range paths {
		ch = append(ch, change{path: p, oldMode: filemode.Regular, newMode: filemode.Regular, oldHash: blob("main-" + p), newHash: blob("main2-" + p)})
	}
	sortChanges(ch)
	return mainShape{changes: ch, key: pathKey(ch)}
}

// TestSquashWindows: the windows a main-line commit is compared with are
// the runs of a real first-parent chain whose combined change has exactly
// its paths; siblings (commits whose parent is not the previous commit),
// settled commits, commits that leave the paths and changes that undo
// themselves never make one.
func TestSquashWindows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edits []edit
		main  mainShape
		want  []verdict.Range
	}{
		{"a chain of three edits to one file", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", parent: "a", paths: map[string]string{"x": "x1>x2"}},
			{name: "c", parent: "b", paths: map[string]string{"x": "x2>x3"}},
		}, shapeOf("x"), []verdict.Range{{First: 0, Last: 1}, {First: 0, Last: 2}, {First: 1, Last: 2}}},
		{"two files changed by two commits", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", parent: "a", paths: map[string]string{"y": "y0>y1"}},
		}, shapeOf("x", "y"), []verdict.Range{{First: 0, Last: 1}}},
		{"siblings: two PR branches merged into the lane", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", paths: map[string]string{"y": "y0>y1"}}, // its parent is the base, not a
		}, shapeOf("x", "y"), nil},
		{"siblings in a longer lane", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "a2", parent: "a", paths: map[string]string{"x": "x1>x2"}},
			{name: "b", parent: "merge", paths: map[string]string{"y": "y0>y1"}},
			{name: "b2", parent: "b", paths: map[string]string{"y": "y1>y2"}},
		}, shapeOf("x", "y"), nil},
		{"a commit outside the paths ends the run", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", parent: "a", paths: map[string]string{"z": "z0>z1"}},
			{name: "c", parent: "b", paths: map[string]string{"y": "y0>y1"}},
		}, shapeOf("x", "y"), nil},
		{"a settled commit ends the chain", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", parent: "a", paths: map[string]string{"x": "x1>x2"}, settled: true},
			{name: "c", parent: "b", paths: map[string]string{"x": "x2>x3"}},
		}, shapeOf("x"), nil},
		{"a change undone within the window", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1", "y": "y0>y1"}},
			{name: "b", parent: "a", paths: map[string]string{"y": "y1>y0"}},
		}, shapeOf("x", "y"), nil},
		{"a path no hotfix changes", []edit{
			{name: "a", paths: map[string]string{"x": "x0>x1"}},
			{name: "b", parent: "a", paths: map[string]string{"x": "x1>x2"}},
		}, shapeOf("x", "w"), nil},
		{"an added file and its edit", []edit{
			{name: "a", paths: map[string]string{"n": ">n1"}},
			{name: "b", parent: "a", paths: map[string]string{"n": "n1>n2"}},
		}, shapeOf("n"), []verdict.Range{{First: 0, Last: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := collectorOf(tt.edits)
			var got []verdict.Range
			first, ok := c.rarest(tt.main)
			if ok {
				err := c.eachWindow(tt.main, first, func(w window, _ map[string]*span) error {
					got = append(got, w.r)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			sort.Slice(got, func(i, j int) bool {
				if got[i].First != got[j].First {
					return got[i].First < got[j].First
				}
				return got[i].Last < got[j].Last
			})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("windows %v, want %v", got, tt.want)
			}
		})
	}
}
