package benchgen

import (
	"fmt"
	"strings"
)

// The long shape is what real release branches look like (containerd,
// moby): a few long-lived lanes of hundreds of hotfix commits each, over
// thousands of files in deep trees, with vendor bumps that touch more
// than a thousand paths (and collide with the main line's own bumps), PR
// branches merged into the lane, and hotfixes that edit the files the main
// line edits.
const (
	vendorGroups  = 2   // module groups bumped together
	groupModules  = 8   // modules per group
	moduleFiles   = 150 // vendored files per module: a bump touches 1,200+ paths
	vendorBumpPct = 3   // share of hotfix events that are vendor bumps
	prBranchPct   = 10  // share that are PR branches merged into the lane
	waivedPct     = 5
)

// long is the generator's state for the long shape.
type long struct {
	*gen
	o      Options
	m      *Manifest
	bumps  [vendorGroups][]int // main commit indexes where each group is bumped
	redo   map[int][]redo      // main commit index → commits that bring hotfixes to main
	picked map[int][2]int      // picked hotfix mark → the main-line file and line it changed
}

// redo is a commit the main line makes later: a hotfix re-done, or a PR
// branch squashed.
type redo struct {
	msg     string
	changes []change
}

func writeLong(g *gen, o Options) (Manifest, error) {
	m := Manifest{}
	l := &long{gen: g, o: o, m: &m, redo: map[int][]redo{}, picked: map[int][2]int{}}
	g.files = make([][]string, o.Files)
	g.path = deepPath
	per := max(2, o.MainCommits/1000)
	for grp := range l.bumps {
		for k := 0; k < per; k++ {
			l.bumps[grp] = append(l.bumps[grp], 1+g.rng.Intn(max(1, o.MainCommits-1)))
		}
	}
	every := max(1, o.MainCommits/(o.Lanes+1))
	lane := 0
	// every group vendored from the start, so that every bump is a change
	// of the same files on every branch
	vendored := l.versionsAt(0)
	var all []change
	for grp := range vendored {
		all = append(all, l.bump(grp, vendored)...)
	}
	g.commit("refs/heads/main", "build(deps): vendor the dependencies", all, 0)
	for i := 0; i < o.MainCommits; i++ {
		for _, r := range l.redo[i] {
			g.commit("refs/heads/main", r.msg, r.changes, 0)
		}
		for grp := range l.bumps {
			for _, at := range l.bumps[grp] {
				if at == i {
					v := l.mainVersion(grp, i)
					g.commit("refs/heads/main", fmt.Sprintf("build(deps): bump group %d to %s", grp, v), l.bump(grp, l.versionsAt(i)), 0)
				}
			}
		}
		g.commit("refs/heads/main", fmt.Sprintf("feat: change %d", i), g.editMain(), 0)
		if (i+1)%every != 0 || lane >= o.Lanes {
			continue
		}
		lane++
		l.lane(lane, i, g.mark)
	}
	m.MainMark = g.lastMain
	l.finishPicks()
	return m, g.w.Flush()
}

// mainVersion is group grp's version on the main line after commit i.
func (l *long) mainVersion(grp, i int) string {
	n := 0
	for _, at := range l.bumps[grp] {
		if at <= i {
			n++
		}
	}
	return fmt.Sprintf("v1.%d.0", n)
}

func (l *long) versionsAt(i int) [vendorGroups]string {
	var v [vendorGroups]string
	for grp := range v {
		v[grp] = l.mainVersion(grp, i)
	}
	return v
}

// nextBump is the first main commit after i that bumps grp, or -1.
func (l *long) nextBump(grp, i int) int {
	next := -1
	for _, at := range l.bumps[grp] {
		if at > i && (next < 0 || at < next) {
			next = at
		}
	}
	return next
}

// laneRun is one long-lived lane being written.
type laneRun struct {
	*long
	lane, at int
	ref      string
	versions [vendorGroups]string
	bumped   [vendorGroups]bool // the lane bumped the group: its next bump is no main-line patch
	files    map[int][]string   // the lane's copies of main-line files it edited
	parent   int
}

// lane writes one long-lived lane from base (main commit index at, mark
// base) and schedules what the main line brings back of it.
func (l *long) lane(lane, at, base int) {
	g, m := l.gen, l.m
	fmt.Fprintf(g.w, "tag prod-%d\nfrom :%d\ntagger Release Bot <bot@example.com> %d +0000\n", lane, base, g.time)
	g.data(fmt.Sprintf("Production release %d\n\nHotlane-Release: %d\n", lane, lane))
	r := &laneRun{long: l, lane: lane, at: at, ref: fmt.Sprintf("refs/heads/hotfix/%d", lane), versions: l.versionsAt(at),
		files: map[int][]string{}, parent: base}
	count := l.o.LaneCommits/2 + g.rng.Intn(l.o.LaneCommits+1)
	for k := 0; k < count; {
		switch p := g.rng.Intn(100); {
		case p < vendorBumpPct:
			r.vendorBump(k)
			k++
		case p < vendorBumpPct+prBranchPct:
			n := r.prBranch(k)
			m.HotfixCommits += n
			k += n
			continue
		case p < vendorBumpPct+prBranchPct+waivedPct:
			path := fmt.Sprintf("lanes/%d/config.txt", lane)
			r.commit(fmt.Sprintf("chore: production setting %d\n\nBackport: skip production-only setting", k), []change{{path, fmt.Sprintf("setting %d\n", g.rng.Int63())}})
			m.Waived++
			k++
		default:
			r.hotfix(k)
			k++
		}
		m.HotfixCommits++
	}
}

// commit adds a commit to the lane.
func (r *laneRun) commit(msg string, changes []change) {
	r.gen.commit(r.ref, msg, changes, r.parent)
	r.parent = r.gen.mark
}

// later is a main-line commit index after the lane's base.
func (r *laneRun) later() int {
	return r.at + 1 + r.gen.rng.Intn(max(1, r.o.MainCommits-r.at-1))
}

// vendorBump bumps a vendored group on the lane: the main line's next bump
// backported without -x (an identical patch), or a lane-only version.
func (r *laneRun) vendorBump(k int) {
	g, m := r.gen, r.m
	grp := g.rng.Intn(vendorGroups)
	next := r.nextBump(grp, r.at)
	if !r.bumped[grp] && next >= 0 && g.rng.Intn(2) == 0 {
		r.versions[grp] = r.mainVersion(grp, next)
		m.Equivalent++
	} else {
		r.versions[grp] = fmt.Sprintf("v1.%s.%d%02d", strings.Split(r.versions[grp], ".")[1], r.lane, k%100)
		m.Missing++
	}
	r.bumped[grp] = true
	r.commit(fmt.Sprintf("build(deps): bump group %d to %s on release %d", grp, r.versions[grp], r.lane), r.bump(grp, r.versions))
}

// prBranch writes a PR branch of two or three commits merged into the
// lane, squashed onto main later or never; it returns how many commits.
func (r *laneRun) prBranch(k int) int {
	g, m := r.gen, r.m
	path := fmt.Sprintf("lanes/%d/pr%d.txt", r.lane, k)
	n := 2 + g.rng.Intn(2)
	content := ""
	from := r.parent
	for j := 0; j < n; j++ {
		content += fmt.Sprintf("pr %d of release %d, step %d: %d\n", k, r.lane, j, g.rng.Int63())
		g.commit(fmt.Sprintf("refs/heads/pr/%d-%d", r.lane, k), fmt.Sprintf("fix: PR %d step %d on release %d", k, j, r.lane), []change{{path, content}}, from)
		from = g.mark
	}
	g.mark++
	g.time += 60
	fmt.Fprintf(g.w, "commit %s\nmark :%d\nauthor Dana Developer <dana@example.com> %d +0000\ncommitter Dana Developer <dana@example.com> %d +0000\n", r.ref, g.mark, g.time, g.time)
	g.data(fmt.Sprintf("Merge PR %d into release %d", k, r.lane))
	fmt.Fprintf(g.w, "from :%d\nmerge :%d\n\n", r.parent, from)
	r.parent = g.mark
	if at := r.later(); g.rng.Intn(2) == 0 && at < r.o.MainCommits {
		r.redo[at] = append(r.redo[at], redo{fmt.Sprintf("fix: PR %d of release %d, squashed", k, r.lane), []change{{path, content}}})
		m.Squashed += n
	} else {
		m.Missing += n
	}
	return n
}

// hotfix writes one hotfix commit: picked to main with -x, re-done on main
// later, or never brought back.
func (r *laneRun) hotfix(k int) {
	g, m := r.gen, r.m
	switch fate := g.rng.Intn(10); {
	case fate < 4:
		// an edit of a main-line file, cherry-picked to main with -x
		f := g.rng.Intn(len(g.files))
		line := r.editLane(r.files, f, k)
		r.commit(fmt.Sprintf("fix: hotfix %d of release %d", k, r.lane), []change{{g.path(f), strings.Join(r.files[f], "")}})
		r.picked[g.mark] = [2]int{f, line}
		m.Picked++
		m.Picks = append(m.Picks, Pick{Mark: g.mark, Path: g.path(f), Message: fmt.Sprintf("fix: hotfix %d of release %d", k, r.lane)})
	case fate < 6:
		// a new file, re-done identically on main later
		path := fmt.Sprintf("lanes/%d/fix%d.txt", r.lane, k)
		content := fmt.Sprintf("fix %d of release %d\n%d\n", k, r.lane, g.rng.Int63())
		msg := fmt.Sprintf("fix: hotfix %d of release %d", k, r.lane)
		r.commit(msg, []change{{path, content}})
		if at := r.later(); at < r.o.MainCommits {
			r.redo[at] = append(r.redo[at], redo{msg + " (re-done on main)", []change{{path, content}}})
			m.Equivalent++
		} else {
			m.Missing++
		}
	default:
		// an edit of a main-line file that never reaches main
		f := g.rng.Intn(len(g.files))
		r.editLane(r.files, f, k)
		r.commit(fmt.Sprintf("fix: release-only hotfix %d of release %d", k, r.lane), []change{{g.path(f), strings.Join(r.files[f], "")}})
		m.Missing++
	}
}

// editLane changes one line of the lane's copy of main-line file f and
// returns which.
func (l *long) editLane(files map[int][]string, f, k int) int {
	lines, ok := files[f]
	if !ok {
		for _, s := range l.files[f] {
			lines = append(lines, s+"\n")
		}
	}
	line := len(lines)
	if len(lines) > 0 && l.rng.Intn(2) == 0 {
		line = l.rng.Intn(len(lines))
		lines[line] = fmt.Sprintf("hotfix %d: %d\n", k, l.rng.Int63())
	} else {
		lines = append(lines, fmt.Sprintf("hotfix %d: %d\n", k, l.rng.Int63()))
	}
	files[f] = lines
	return line
}

// finishPicks writes each -x pick's content: the main line's final copy
// of the file with the hotfix's line applied.
func (l *long) finishPicks() {
	for i, p := range l.m.Picks {
		f, line := l.picked[p.Mark][0], l.picked[p.Mark][1]
		lines := append([]string(nil), l.files[f]...)
		text := fmt.Sprintf("picked hotfix %d\n", p.Mark)
		if line < len(lines) {
			lines[line] = strings.TrimSuffix(text, "\n")
		} else {
			lines = append(lines, strings.TrimSuffix(text, "\n"))
		}
		l.m.Picks[i].Content = strings.Join(lines, "\n") + "\n"
	}
}

// bump writes group grp's vendored files at versions[grp], with go.sum
// and vendor/modules.txt for all groups: static lines keep each group's
// lines out of another group's diff context, so a bump's patch is the same
// on every branch that makes it from the same version.
func (l *long) bump(grp int, versions [vendorGroups]string) []change {
	var out []change
	v := versions[grp]
	for mod := 0; mod < groupModules; mod++ {
		for f := 0; f < moduleFiles; f++ {
			path := fmt.Sprintf("vendor/example.com/org%d/mod%d/pkg%d/internal/sub%d/file%d.go", grp, mod, f%5, f%3, f)
			var b strings.Builder
			fmt.Fprintf(&b, "// Code generated for example.com/org%d/mod%d. DO NOT EDIT.\npackage pkg%d\n\nconst Version = %q\n\n", grp, mod, f%5, v)
			for k := 0; k < 12; k++ {
				fmt.Fprintf(&b, "func F%d() int { return %d }\n", k, k*f)
			}
			out = append(out, change{path, b.String()})
		}
	}
	var sum, modules strings.Builder
	for g := 0; g < vendorGroups; g++ {
		for k := 0; k < 8; k++ {
			fmt.Fprintf(&sum, "// group %d, line %d\n", g, k)
			fmt.Fprintf(&modules, "# group %d, line %d\n", g, k)
		}
		for mod := 0; mod < groupModules; mod++ {
			fmt.Fprintf(&sum, "example.com/org%d/mod%d %s h1:%d%s=\n", g, mod, versions[g], mod, versions[g])
			fmt.Fprintf(&sum, "example.com/org%d/mod%d %s/go.mod h1:%d%s=\n", g, mod, versions[g], mod, versions[g])
			fmt.Fprintf(&modules, "# example.com/org%d/mod%d %s\n## explicit\n", g, mod, versions[g])
		}
	}
	return append(out, change{"go.sum", sum.String()}, change{"vendor/modules.txt", modules.String()})
}

// deepPath spreads the main line's files over a deep tree.
func deepPath(f int) string {
	return fmt.Sprintf("src/a%d/b%d/c%d/d%d/f%d.go", f%7, f%11, f%13, f%17, f)
}
