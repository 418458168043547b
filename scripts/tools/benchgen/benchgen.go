// Package benchgen owns the large repositories the gate's benchmark runs
// on: it writes a git fast-import stream of a main line with release tags
// and hotfix lanes whose hotfix commits have known fates (picked with -x,
// picked without a trailer, squashed, waived, or missing), so a benchmark
// can check the gate's answer as well as its speed. Two shapes: "short",
// many lanes of a few hotfixes each, and "long", a few long-lived lanes
// the way real release branches are (see long.go).
package benchgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"
)

// Options size the repository.
type Options struct {
	Shape       string // "short" (the default) or "long"
	MainCommits int    // commits on main
	Lanes       int    // releases, each with a tag and a lane
	LaneCommits int    // long shape: hotfix commits per lane, on average (each lane has half to one and a half times it)
	Files       int    // files the main line edits
	Seed        int64  // for a repeatable repository
}

// Manifest says what was generated.
type Manifest struct {
	HotfixCommits int `json:"hotfix_commits"`
	Missing       int `json:"missing"`
	Picked        int `json:"picked"`
	Equivalent    int `json:"equivalent"`
	Squashed      int `json:"squashed"`
	Waived        int `json:"waived"`
	// Picks are the cherry-picks with -x, written by WritePicks once the
	// hotfix commits' shas are known.
	Picks []Pick `json:"-"`
	// MainMark is the mark of main's last commit in the first stream.
	MainMark int `json:"-"`
}

// Pick is a hotfix to cherry-pick onto main with -x.
type Pick struct {
	Mark          int
	Path, Content string
	Message       string
}

type gen struct {
	w        *bufio.Writer
	rng      *rand.Rand
	mark     int
	time     int64
	files    [][]string // content of each main-line file, by line
	path     func(file int) string
	lastMain int
}

// Write writes the fast-import stream for o to w.
func Write(w io.Writer, o Options) (Manifest, error) {
	g := &gen{w: bufio.NewWriterSize(w, 1<<20), rng: rand.New(rand.NewSource(o.Seed)), time: 1700000000, path: shortPath}
	switch o.Shape {
	case "", "short":
	case "long":
		return writeLong(g, o)
	default:
		return Manifest{}, fmt.Errorf("unknown shape %q: short or long", o.Shape)
	}
	return writeShort(g, o)
}

// pending is a hotfix re-done on main: applied at main commit index at.
type pending struct {
	at      int
	path    string
	content string
	msg     string
}

// writeShort writes the short shape: a long main line with a release (and
// a short lane) every so many commits.
func writeShort(g *gen, o Options) (Manifest, error) {
	var m Manifest
	g.files = make([][]string, o.Files)
	every := max(o.MainCommits/(o.Lanes+1), 1)
	var picks []pending
	lane := 0
	for i := 0; i < o.MainCommits; i++ {
		rest := picks[:0]
		for _, p := range picks {
			if p.at == i {
				g.commit("refs/heads/main", p.msg, []change{{p.path, p.content}}, 0)
			} else {
				rest = append(rest, p)
			}
		}
		picks = rest
		g.commit("refs/heads/main", fmt.Sprintf("feat: change %d", i), g.editMain(), 0)
		if (i+1)%every != 0 || lane >= o.Lanes {
			continue
		}
		lane++
		base := g.mark
		fmt.Fprintf(g.w, "tag prod-%d\nfrom :%d\ntagger Release Bot <bot@example.com> %d +0000\n", lane, base, g.time)
		g.data(fmt.Sprintf("Production release %d\n\nHotlane-Release: %d\n", lane, lane))
		// a third of the lanes have no hotfix commits
		if g.rng.Intn(3) == 0 {
			fmt.Fprintf(g.w, "reset refs/heads/hotfix/%d\nfrom :%d\n\n", lane, base)
			continue
		}
		picks = g.shortLane(&m, lane, base, i+1, every, o.MainCommits, picks)
	}
	m.MainMark = g.lastMain
	return m, g.w.Flush()
}

// shortLane writes one to three hotfix commits on lane, each with a fate
// (waived, picked with -x, re-done on main later, or missing) that the
// manifest counts.
func (g *gen) shortLane(m *Manifest, lane, base, next, every, mainCommits int, picks []pending) []pending {
	parent := base
	for k := 0; k < 1+g.rng.Intn(3); k++ {
		path := fmt.Sprintf("fixes/%d/fix%d.txt", lane, k)
		content := fmt.Sprintf("fix %d of release %d\n%d\n", k, lane, g.rng.Int63())
		msg := fmt.Sprintf("fix: hotfix %d of release %d", k, lane)
		fate := g.rng.Intn(10)
		if fate == 0 {
			msg += "\n\nBackport: skip production-only change"
		}
		g.commitFrom(fmt.Sprintf("refs/heads/hotfix/%d", lane), parent, msg, []change{{path, content}})
		parent = g.mark
		m.HotfixCommits++
		later := next + g.rng.Intn(every*3+1)
		switch {
		case fate == 0:
			m.Waived++
		case fate <= 4:
			m.Picked++
			m.Picks = append(m.Picks, Pick{Mark: g.mark, Path: path, Content: content, Message: msg})
		case fate <= 6 && later < mainCommits:
			m.Equivalent++
			picks = append(picks, pending{later, path, content, msg + " (re-done on main)"})
		default:
			m.Missing++
		}
	}
	return picks
}

// WritePicks writes the second stream: the -x cherry-picks, appended to
// main, each naming its hotfix commit by the sha fast-import gave it.
func WritePicks(w io.Writer, m Manifest, shas map[int]string) error {
	g := &gen{w: bufio.NewWriter(w), time: 1900000000}
	from := m.MainMark
	g.mark = 1 << 30
	for _, p := range m.Picks {
		msg := fmt.Sprintf("%s\n\n(cherry picked from commit %s)", p.Message, shas[p.Mark])
		g.commit("refs/heads/main", msg, []change{{p.Path, p.Content}}, from)
		from = 0
	}
	return g.w.Flush()
}

type change struct{ path, content string }

func (g *gen) editMain() []change {
	n := 1 + g.rng.Intn(3)
	var out []change
	for k := 0; k < n; k++ {
		f := g.rng.Intn(len(g.files))
		lines := g.files[f]
		if len(lines) == 0 || g.rng.Intn(3) == 0 {
			lines = append(lines, fmt.Sprintf("line %d", g.rng.Int63()))
		} else {
			lines[g.rng.Intn(len(lines))] = fmt.Sprintf("line %d", g.rng.Int63())
		}
		g.files[f] = lines
		var content string
		for _, l := range lines {
			content += l + "\n"
		}
		out = append(out, change{g.path(f), content})
	}
	return out
}

func shortPath(f int) string { return fmt.Sprintf("src/d%d/f%d.txt", f%97, f) }

func (g *gen) commit(ref, msg string, changes []change, from int) {
	g.mark++
	if ref == "refs/heads/main" {
		g.lastMain = g.mark
	}
	g.time += 60
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor Dana Developer <dana@example.com> %d +0000\ncommitter Dana Developer <dana@example.com> %d +0000\n", ref, g.mark, g.time, g.time)
	g.data(msg + "\n")
	if from > 0 {
		fmt.Fprintf(g.w, "from :%d\n", from)
	}
	for _, c := range changes {
		fmt.Fprintf(g.w, "M 100644 inline %s\n", c.path)
		g.data(c.content)
	}
	g.w.WriteString("\n")
}

func (g *gen) commitFrom(ref string, from int, msg string, changes []change) {
	g.commit(ref, msg, changes, from)
}

func (g *gen) data(s string) {
	fmt.Fprintf(g.w, "data %d\n%s", len(s), s)
}
