// Command hotlane-precision measures how far the backport gate's verdicts
// on a real history can be trusted (scripts/bench-real runs it; it is a
// benchmark tool, not part of hotlane). Given the clone and the gate's JSON
// report, it prints per lane the counts per status; the likely false
// alarms (a missing commit with a main-line commit after the base, of the
// same normalised subject, that shares at least half of its changed
// lines); adapted verdicts whose cited commit shares fewer lines than
// another same-subject one (wrong evidence); and a seeded sample of every
// accepting status for hand review. Lines are compared with git's own
// diff (git show -U0), not hotlane's, so the yardstick is independent of
// the engine it measures.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/check/verdict"
)

type report struct {
	Lanes []struct {
		Lane    string `json:"lane"`
		Base    string `json:"base"`
		Commits []struct {
			SHA, Subject, Status, Evidence, Claim, Note string
		} `json:"commits"`
	} `json:"lanes"`
}

func main() {
	repo := flag.String("repo", ".", "the clone")
	file := flag.String("report", "", "the gate's JSON report")
	main := flag.String("main", "", "the main line (a revision)")
	sample := flag.Int("sample", 5, "commits per accepting status to list for hand review")
	flag.Parse()
	data, err := os.ReadFile(*file)
	if err != nil {
		fail(err)
	}
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		fail(err)
	}
	p := &prober{repo: *repo, lines: map[string]map[string]int{}}
	f := p.measure(rep, *main)
	f.print(*sample)
}

// findings is what the measure found.
type findings struct {
	totals        map[string]int
	alarms, wrong []string
	samples       map[string][]string
}

// measure reads every lane's verdicts against the main line.
func (p *prober) measure(rep report, main string) findings {
	f := findings{totals: map[string]int{}, samples: map[string][]string{}}
	for _, l := range rep.Lanes {
		bySubject := p.mainSubjects(l.Base + ".." + main)
		counts := map[string]int{}
		for _, c := range l.Commits {
			counts[c.Status]++
			f.totals[c.Status]++
			cands := bySubject[verdict.NormalizeSubject(c.Subject)]
			switch c.Status {
			case verdict.Missing:
				if best, share := p.best(c.SHA, cands); share >= 0.5 {
					f.alarms = append(f.alarms, fmt.Sprintf("%s %s %q: %s shares %.0f%%", l.Lane, c.SHA[:12], c.Subject, best[:12], 100*share))
				}
			case verdict.Adapted:
				best, share := p.best(c.SHA, cands)
				cited := strings.Fields(c.Evidence)
				if len(cited) > 0 && best != "" && !strings.HasPrefix(best, cited[0]) && share > p.share(c.SHA, cited[0]) {
					f.wrong = append(f.wrong, fmt.Sprintf("%s %s %q cites %s, %s shares more", l.Lane, c.SHA[:12], c.Subject, cited[0][:min(12, len(cited[0]))], best[:12]))
				}
			}
			if c.Status != verdict.Missing && c.Status != verdict.Merged {
				kind := c.Status
				if c.Claim == verdict.ClaimHotfix {
					kind += " (claimed by the hotfix)"
				}
				f.samples[kind] = append(f.samples[kind], fmt.Sprintf("%s %s %q: %s %s", l.Lane, c.SHA[:12], c.Subject, c.Evidence, c.Note))
			}
		}
		fmt.Printf("%s: %s\n", l.Lane, countLine(counts))
	}
	return f
}

// print writes the findings, with a seeded sample of each accepting
// status.
func (f findings) print(sample int) {
	fmt.Printf("all lanes: %s\n", countLine(f.totals))
	fmt.Printf("likely false alarms among missing (same subject after the base, >=50%% of changed lines shared): %d of %d\n", len(f.alarms), f.totals[verdict.Missing])
	for _, a := range f.alarms {
		fmt.Println("  " + a)
	}
	fmt.Printf("wrong evidence among adapted (another same-subject commit shares more lines): %d of %d\n", len(f.wrong), f.totals[verdict.Adapted])
	for _, w := range f.wrong {
		fmt.Println("  " + w)
	}
	kinds := make([]string, 0, len(f.samples))
	for k := range f.samples {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	rng := rand.New(rand.NewSource(1))
	for _, k := range kinds {
		rows := f.samples[k]
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		fmt.Printf("sample for hand review, %s (%d of %d):\n", k, min(sample, len(rows)), len(rows))
		for _, r := range rows[:min(sample, len(rows))] {
			fmt.Println("  " + r)
		}
	}
}

func countLine(counts map[string]int) string {
	var parts []string
	for _, st := range []string{"merged", "picked", "equivalent", "squashed", "reverted", "adapted", "superseded", "release-only", "waived", "missing"} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
		}
	}
	return strings.Join(parts, ", ")
}

// prober reads changes with the git binary.
type prober struct {
	repo  string
	lines map[string]map[string]int // commit → its changed lines ("-x", "+y") as a multiset
}

// mainSubjects maps the normalised subjects of the non-merge commits in
// rangeSpec to their shas, leaving out those a commit of the range
// reverts ("This reverts commit <sha>"): the main line took them back.
func (p *prober) mainSubjects(rangeSpec string) map[string][]string {
	out := map[string][]string{}
	cmd := exec.Command("git", "-C", p.repo, "log", "--no-merges", "--format=%x00%H %s%n%b", rangeSpec)
	data, err := cmd.Output()
	if err != nil {
		fail(fmt.Errorf("git log %s: %w", rangeSpec, err))
	}
	reverted := map[string]bool{}
	for _, m := range revertRE.FindAllStringSubmatch(string(data), -1) {
		reverted[m[1][:12]] = true
	}
	for _, entry := range strings.Split(string(data), "\x00") {
		head, _, _ := strings.Cut(entry, "\n")
		sha, subject, ok := strings.Cut(head, " ")
		if ok && !reverted[sha[:12]] {
			ns := verdict.NormalizeSubject(subject)
			out[ns] = append(out[ns], sha)
		}
	}
	return out
}

var revertRE = regexp.MustCompile(`This reverts commit ([0-9a-f]{12,40})`)

// changed is a commit's changed lines, trimmed, blank ones left out.
func (p *prober) changed(sha string) map[string]int {
	if m, ok := p.lines[sha]; ok {
		return m
	}
	m := map[string]int{}
	cmd := exec.Command("git", "-C", p.repo, "show", "-U0", "--format=", "--no-renames", sha)
	out, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---") || len(l) < 2 || (l[0] != '+' && l[0] != '-') {
			continue
		}
		if body := strings.TrimSpace(l[1:]); body != "" {
			m[l[:1]+body]++
		}
	}
	_ = cmd.Wait()
	p.lines[sha] = m
	return m
}

// share is the part of a's changed lines that b's change has too.
func (p *prober) share(a, b string) float64 {
	la, lb := p.changed(a), p.changed(b)
	total, shared := 0, 0
	for l, n := range la {
		total += n
		shared += min(n, lb[l])
	}
	if total == 0 {
		return 0
	}
	return float64(shared) / float64(total)
}

// best is the candidate sharing the most of sha's changed lines.
func (p *prober) best(sha string, cands []string) (string, float64) {
	best, most := "", 0.0
	for _, c := range cands {
		if s := p.share(sha, c); s > most {
			best, most = c, s
		}
	}
	return best, most
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hotlane-precision:", err)
	os.Exit(1)
}
