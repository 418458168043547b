// Package policy owns the repository's policy file, .hotlane.yml: the
// waivers a team keeps in code review (by sha, by subject pattern, by the
// paths a hotfix changes, each with a reason), the lanes it retired, the
// promotion rule between environments, and the defaults it gives
// hotlane's settings (config applies them, below a flag or a HOTLANE_*
// variable). It owns what the file may say and refuses what cannot be
// meant (docs/policy.md); where the file in force is read from (the main
// line, never the candidate) is package policyio's. Pure: it parses bytes.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/naming"
)

// Name is the policy file's path in the repository.
const Name = ".hotlane.yml"

// MaxSize is the largest policy file hotlane reads: 256 KiB, room for
// thousands of waivers, parsed in a fraction of a second. A larger file is
// refused before it is parsed (a 19 MB file took a minute and a gigabyte).
const MaxSize = 256 << 10

// Waiver is a rule of the repository's policy file that waives hotfix
// commits: by sha, by subject, or by the paths they change (every one
// matching a glob). The criteria given must all match.
type Waiver struct {
	SHA     string         // a hotfix sha, 7 hex or more
	Subject *regexp.Regexp // matched against the subject
	Paths   []string       // globs; "**" spans directories; a glob without "/" matches the file name at any depth
	Reason  string
	Rule    string // where the rule is, as reports name it (".hotlane.yml waivers[2]")
}

// File is a parsed policy file.
type File struct {
	Waivers  []Waiver
	Defaults Defaults
	// Retired are lanes deleted on purpose (all their hotfixes settled),
	// by branch name, with the reason: the gate does not ask for them.
	Retired map[string]string
	// Promotion lists, by environment, the environments that must have
	// released a commit before it may be released there ("production
	// takes only what staging released"). Read it with PromotionFor:
	// environment names compare case-insensitively.
	Promotion map[string][]string
	// ReleaseOnly are globs of files that only change the release's own
	// identity (release-branch CI, packaging of a release): a hotfix that
	// changes only such files is release-only, shown as such, and kept
	// missing by --strict.
	ReleaseOnly []string
}

// Defaults are settings the file gives; "" (or nil) is not given.
type Defaults struct {
	// Main may only name the branch the file is read from (the main line
	// decides where the policy is read, so the file cannot move it).
	Main           string
	BranchTemplate string
	TagTemplate    string
	Strict         *bool
}

// PromotionFor is the environments that must have released a commit
// before env may: env's entry, its name compared case-insensitively.
func (f File) PromotionFor(env string) []string {
	for name, earlier := range f.Promotion {
		if strings.EqualFold(name, env) {
			return earlier
		}
	}
	return nil
}

// the file as written; its yaml tags are the keys the file may hold
type fileYAML struct {
	Waivers []waiverYAML `yaml:"waivers"`
	Retired []struct {
		Lane   string `yaml:"lane"`
		Reason string `yaml:"reason"`
	} `yaml:"retired-lanes"`
	Promotion   map[string][]string `yaml:"promotion"`
	ReleaseOnly []string            `yaml:"release-only"`
	Defaults    struct {
		Main           string `yaml:"main"`
		BranchTemplate string `yaml:"branch-template"`
		TagTemplate    string `yaml:"tag-template"`
		Strict         *bool  `yaml:"strict"`
	} `yaml:"defaults"`
}

type waiverYAML struct {
	SHA     string   `yaml:"sha"`
	Subject string   `yaml:"subject"`
	Paths   []string `yaml:"paths"`
	Reason  string   `yaml:"reason"`
}

var shaRE = regexp.MustCompile(`^[0-9a-fA-F]{7,40}$`)

// Parse reads a policy file. Every problem is reported at once, each with
// where it is, in the file's own words; what cannot be meant is a problem:
// an unknown key (a misspelt "paths" would otherwise waive nothing,
// silently; the closest known key is named), a value of the wrong kind, a
// key given twice, a second YAML document, anchors and aliases, an
// environment named twice in different case or with spaces around it, and
// a file over MaxSize.
func Parse(data []byte) (File, error) {
	if len(data) > MaxSize {
		return File{}, fmt.Errorf("%s is %d bytes, over the %d-byte limit (%d KiB): hotlane does not read it; keep the file small "+
			"(waive by subject pattern or path glob rather than by many shas)", Name, len(data), MaxSize, MaxSize>>10)
	}
	doc, err := document(data)
	if err != nil || doc == nil {
		return File{}, err
	}
	var c checker
	c.check(doc, fileShape, "")
	if c.aliases {
		return File{}, errors.New(strings.Join(c.problems, "; "))
	}
	var raw fileYAML
	if err := doc.Decode(&raw); err != nil {
		if len(c.problems) == 0 { // the shape check should have said why
			c.problems = append(c.problems, fmt.Sprintf("%s: %s", Name, strings.ReplaceAll(err.Error(), "\n", " ")))
		}
		return File{}, errors.New(strings.Join(c.problems, "; "))
	}
	f, err := fromYAML(raw)
	if len(c.problems) > 0 { // unknown keys: what the known ones say is reported too
		if err != nil {
			c.problems = append(c.problems, err.Error())
		}
		return File{}, errors.New(strings.Join(c.problems, "; "))
	}
	return f, err
}

// oneLine is an error said on one line; the cause stays wrapped.
type oneLine struct{ err error }

func (o oneLine) Error() string { return strings.ReplaceAll(o.err.Error(), "\n", " ") }
func (o oneLine) Unwrap() error { return o.err }

// document is the file's one YAML document (nil: an empty file). A
// second document is refused: hotlane would read only the first.
func document(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("%s is not valid YAML: %w", Name, oneLine{err})
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, fmt.Errorf("%s holds more than one YAML document (a --- line starts another), and the next one is not valid YAML: %w",
			Name, oneLine{err})
	default:
		return nil, fmt.Errorf("%s line %d: a second YAML document starts here (a --- line): the file holds one document, "+
			"and hotlane would read only the first; merge them and remove the ---", Name, separatorLine(data, doc.Line))
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// separatorLine is the line of the first "---" after line from.
func separatorLine(data []byte, from int) int {
	for i, line := range strings.Split(string(data), "\n") {
		if i+1 > from && (line == "---" || strings.HasPrefix(line, "--- ")) {
			return i + 1
		}
	}
	return from
}

// fromYAML checks what the keys say.
func fromYAML(raw fileYAML) (File, error) {
	var problems []string
	var f File
	for i, w := range raw.Waivers {
		bw, wrong := waiver(i, w)
		problems = append(problems, wrong...)
		f.Waivers = append(f.Waivers, bw)
	}
	for i, r := range raw.Retired {
		if err := naming.CheckRefName(r.Lane); err != nil || strings.TrimSpace(r.Reason) == "" || strings.ContainsAny(r.Reason, "\r\n") {
			problems = append(problems, fmt.Sprintf("%s retired-lanes[%d]: give the lane (a branch name) and a reason on one line", Name, i))
			continue
		}
		if f.Retired == nil {
			f.Retired = map[string]string{}
		}
		f.Retired[r.Lane] = strings.TrimSpace(r.Reason)
	}
	d := raw.Defaults
	for _, t := range []struct{ key, value string }{{"branch-template", d.BranchTemplate}, {"tag-template", d.TagTemplate}} {
		if t.value == "" {
			continue
		}
		if _, err := naming.ParseTemplate(t.value); err != nil {
			problems = append(problems, fmt.Sprintf("%s defaults.%s: %v", Name, t.key, err))
		}
	}
	if d.Main != "" {
		if err := naming.CheckRefName(d.Main); err != nil {
			problems = append(problems, fmt.Sprintf("%s defaults.main %q: not a valid branch name: it %v", Name, d.Main, err))
		}
	}
	for i, g := range raw.ReleaseOnly {
		if strings.TrimSpace(g) == "" || !validGlob(g) {
			problems = append(problems, fmt.Sprintf("%s release-only[%d]: %q is not a valid glob", Name, i, g))
		}
	}
	f.ReleaseOnly = raw.ReleaseOnly
	problems = append(problems, promotionProblems(raw.Promotion)...)
	f.Promotion = raw.Promotion
	f.Defaults = Defaults{Main: d.Main, BranchTemplate: d.BranchTemplate, TagTemplate: d.TagTemplate, Strict: d.Strict}
	if len(problems) > 0 {
		return File{}, errors.New(strings.Join(problems, "; "))
	}
	return f, nil
}

// promotionProblems refuses environment names that cannot be meant: with
// spaces around them or control characters, or two names that differ only
// in case (environment names compare case-insensitively, so one of the two
// rules would be ignored).
func promotionProblems(rule map[string][]string) []string {
	var problems []string
	envs := sortedKeys(rule)
	for i, env := range envs {
		if why := badEnvironmentName(env); why != "" {
			problems = append(problems, fmt.Sprintf("%s promotion: environment %q %s", Name, env, why))
		}
		for _, other := range envs[:i] {
			if strings.EqualFold(env, other) {
				problems = append(problems, fmt.Sprintf("%s promotion: %q and %q name the same environment (names compare case-insensitively): keep one", Name, other, env))
			}
		}
		seen := map[string]bool{}
		for _, e := range rule[env] {
			switch why := badEnvironmentName(e); {
			case why != "":
				problems = append(problems, fmt.Sprintf("%s promotion.%s: %q %s", Name, env, e, why))
			case strings.EqualFold(e, env):
				problems = append(problems, fmt.Sprintf("%s promotion.%s: %q is not an earlier environment", Name, env, e))
			case seen[strings.ToLower(e)]:
				problems = append(problems, fmt.Sprintf("%s promotion.%s: %q is listed twice (names compare case-insensitively)", Name, env, e))
			}
			seen[strings.ToLower(e)] = true
		}
	}
	return problems
}

// badEnvironmentName says what is wrong with an environment's name, or "".
func badEnvironmentName(env string) string {
	switch {
	case strings.TrimSpace(env) == "":
		return "is empty"
	case strings.TrimSpace(env) != env:
		return "has spaces around it, so it names no environment: write it without them"
	case strings.IndexFunc(env, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0:
		return "holds control or invisible characters"
	}
	return ""
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// waiver reads the i-th waiver, and what is wrong with it.
func waiver(i int, w waiverYAML) (Waiver, []string) {
	var problems []string
	rule := fmt.Sprintf("%s waivers[%d]", Name, i)
	bw := Waiver{SHA: w.SHA, Paths: w.Paths, Reason: strings.TrimSpace(w.Reason), Rule: rule}
	if w.SHA == "" && w.Subject == "" && len(w.Paths) == 0 {
		problems = append(problems, rule+": give sha, subject or paths")
	}
	if w.SHA != "" && !shaRE.MatchString(w.SHA) {
		problems = append(problems, fmt.Sprintf("%s: sha %q is not 7 to 40 hex digits", rule, w.SHA))
	}
	if w.Subject != "" {
		re, err := regexp.Compile(w.Subject)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: subject %q: %v", rule, w.Subject, err))
		}
		bw.Subject = re
	}
	for _, g := range w.Paths {
		if strings.TrimSpace(g) == "" || !validGlob(g) {
			problems = append(problems, fmt.Sprintf("%s: paths: %q is not a valid glob", rule, g))
		}
	}
	if bw.Reason == "" || strings.ContainsAny(bw.Reason, "\r\n") {
		problems = append(problems, rule+": a waiver needs a reason, on one line (it is what the report shows)")
	}
	return bw, problems
}

func validGlob(g string) bool {
	for _, seg := range strings.Split(g, "/") {
		if seg == "**" {
			continue
		}
		if _, err := matchErr(seg); err != nil {
			return false
		}
	}
	return true
}

func matchErr(pattern string) (bool, error) {
	return path.Match(pattern, "")
}
