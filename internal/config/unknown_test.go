package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestUnknownVariables(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"HOTLANE_ENVIROMENT":      "staging",       // a typo
		"HOTLANE_BULID":           "43",            // a swap
		"HOTLANE_TAG_TEMPALTE":    "v{build}",      // a swap in a long name
		"HOTLANE_NOTHING_LIKE_IT": "x",             // nothing near
		"HOTLANE_EMPTY_TYPO":      "",              // empty counts as unset
		"HOTLANE_ENVIRONMENT":     "staging",       // a setting
		"HOTLANE_SYNC":            "webhook=x",     // another command's setting: not unknown
		"HOTLANE_WEBHOOK_SECRET":  "s",             // a setting without a flag
		"HOTLANE_OUT_LANE":        "hotfix/4",      // an output, inherited by a later job
		"HOTLANE_RELEASE":         "4",             // set for a command= sync target
		"HOTLANE_FUZZTIME":        "1x",            // scripts/test
		"GITHUB_TOKEN":            "not hotlane's", // other prefixes are not looked at
		"hotlane_build":           "4",             // nor other cases
	}
	got := UnknownVariables(env)
	want := []string{
		"HOTLANE_BULID: no such setting; did you mean HOTLANE_BUILD? (the variable is ignored)",
		"HOTLANE_ENVIROMENT: no such setting; did you mean HOTLANE_ENVIRONMENT? (the variable is ignored)",
		"HOTLANE_NOTHING_LIKE_IT: no such setting; the variable is ignored (a setting's variable is HOTLANE_ and its flag in upper snake case: --tag-template is HOTLANE_TAG_TEMPLATE)",
		"HOTLANE_TAG_TEMPALTE: no such setting; did you mean HOTLANE_TAG_TEMPLATE? (the variable is ignored)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("UnknownVariables:\n got %q\nwant %q", got, want)
	}
	for _, k := range Keys() {
		if !KnownVariable(Prefix + k) {
			t.Errorf("the setting %s is not a known variable", k)
		}
	}
}

// TestPipelineVariablesAreKnown: every HOTLANE_* variable that the files
// users copy (the action, the pipelines, the GitLab components, the
// Jenkins library), the scripts or hotlane's own code use is known, so
// hotlane never warns about its own.
func TestPipelineVariablesAreKnown(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	name := regexp.MustCompile(`HOTLANE_[A-Z0-9_]*[A-Z0-9]`)
	literal := regexp.MustCompile(`"HOTLANE_[A-Z0-9_]*[A-Z0-9]`)
	seen := 0
	for _, dir := range []string{"action.yml", "Jenkinsfile.example", "pipelines", "templates", "vars", "scripts", ".ci", ".github", "internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			// hotlane's own code (not its tests, whose typos are on purpose)
			if code := dir == "internal" || dir == "cmd"; code && (!strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "testdata")) {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text := string(data)
			if strings.HasSuffix(path, ".go") {
				// in Go, only string literals: a comment may name a typo as an example
				text = strings.Join(literal.FindAllString(text, -1), " ")
			}
			for _, v := range name.FindAllString(text, -1) {
				seen++
				if !KnownVariable(v) && !strings.HasSuffix(v, "_OUT") {
					t.Errorf("%s uses %s, which hotlane would warn about: add it to otherVariables (or make it a setting)", path, v)
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if seen < 20 {
		t.Errorf("only %d HOTLANE_* uses found: did the pipeline files move?", seen)
	}
}
