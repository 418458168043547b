// Package policy owns the repository's policy file, .hotlane.yml: the
// waivers a team keeps in code review (by sha, by subject pattern, by the
// paths a hotfix changes, each with a reason) and the defaults it gives
// hotlane's settings, which a flag or a HOTLANE_* variable still
// overrides, and the promotion rule between environments. The gate reads
// it at the candidate commit and release at the deployed one, so a change
// to it is reviewed and released like code. Pure: it parses bytes.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/backport"
	"github.com/hotlane/hotlane/internal/naming"
)

// Name is the policy file's path in the repository.
const Name = ".hotlane.yml"

// File is a parsed policy file.
type File struct {
	Waivers  []backport.Waiver
	Defaults Defaults
	// Retired are lanes deleted on purpose (all their hotfixes settled),
	// by branch name, with the reason: the gate does not ask for them.
	Retired map[string]string
	// Promotion lists, by environment, the environments that must have
	// released a commit before it may be released there ("production
	// takes only what staging released").
	Promotion map[string][]string
}

// Defaults are settings the file gives; "" (or nil) is not given.
type Defaults struct {
	Main           string
	BranchTemplate string
	TagTemplate    string
	Strict         *bool
}

// the file as written
type fileYAML struct {
	Waivers []waiverYAML `yaml:"waivers"`
	Retired []struct {
		Lane   string `yaml:"lane"`
		Reason string `yaml:"reason"`
	} `yaml:"retired-lanes"`
	Promotion map[string][]string `yaml:"promotion"`
	Defaults  struct {
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
// where it is; an unknown key is a problem (a misspelt "paths" would
// otherwise waive nothing, silently).
func Parse(data []byte) (File, error) {
	var raw fileYAML
	var problems []string
	// decoded twice: leniently for what the keys say, strictly for the
	// keys that are not known, so that both kinds of problem are reported
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return File{}, fmt.Errorf("%s: %v", Name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fileYAML{}); err != nil && !errors.Is(err, io.EOF) {
		problems = append(problems, fmt.Sprintf("%s: %v", Name, strings.ReplaceAll(err.Error(), "\n", " ")))
	}
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
	for env, earlier := range raw.Promotion {
		for _, e := range earlier {
			if strings.TrimSpace(e) == "" || strings.ContainsAny(e, "\r\n") || e == env {
				problems = append(problems, fmt.Sprintf("%s promotion.%s: %q is not an earlier environment", Name, env, e))
			}
		}
	}
	f.Promotion = raw.Promotion
	f.Defaults = Defaults{Main: d.Main, BranchTemplate: d.BranchTemplate, TagTemplate: d.TagTemplate, Strict: d.Strict}
	if len(problems) > 0 {
		return File{}, errors.New(strings.Join(problems, "; "))
	}
	return f, nil
}

// waiver reads the i-th waiver, and what is wrong with it.
func waiver(i int, w waiverYAML) (backport.Waiver, []string) {
	var problems []string
	rule := fmt.Sprintf("%s waivers[%d]", Name, i)
	bw := backport.Waiver{SHA: w.SHA, Paths: w.Paths, Reason: strings.TrimSpace(w.Reason), Rule: rule}
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
