package config

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHelpTakesDefaultsFromTheTable: a setting's help shows its default
// from the table (defaults), never restating it: a help text that gives a
// value as its default ("(default \"origin\")", "(default 5m)") does so
// through {default}, and every default in the table is shown by its help.
// A default the run finds ("(default: the CI's build number)") is words.
func TestHelpTakesDefaultsFromTheTable(t *testing.T) {
	t.Parallel()
	literal := regexp.MustCompile(`\(default [^:]`)
	rt := reflect.TypeOf(raw{})
	for i := 0; i < rt.NumField(); i++ {
		key, help := rt.Field(i).Tag.Get("env"), rt.Field(i).Tag.Get("help")
		if literal.MatchString(help) && !strings.Contains(help, "{default}") {
			t.Errorf("%s's help restates a default: %q", key, help)
		}
		if strings.Contains(help, "{default}") && defaults[key] == "" {
			t.Errorf("%s's help shows {default}, but it has none in the table", key)
		}
	}
	for key, def := range defaults {
		if key == "MODE" {
			continue // its help lists auto among the modes, and says what it does
		}
		s, ok := Lookup(FlagName(key))
		if !ok {
			t.Errorf("the table's %s is no setting", key)
			continue
		}
		if !strings.Contains(s.Help, def) || strings.Contains(s.Help, "{default}") || s.Default != def {
			t.Errorf("--%s: help %q, default %q; want its default %q shown", s.Flag, s.Help, s.Default, def)
		}
	}
}

// TestLoadAppliesTheTable: with nothing given, Load's settings are the
// table's defaults, the HTTP policy built from the HTTP time limit.
func TestLoadAppliesTheTable(t *testing.T) {
	t.Parallel()
	s, err := Load(Sources{Env: map[string]string{}, Formats: []string{"text"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"REPO": s.Repo, "REMOTE": s.Remote, "ENVIRONMENT": s.Environment, "TAG_TEMPLATE": s.TagTemplate.String(),
		"BRANCH_TEMPLATE": s.BranchTemplate.String(), "MODE": s.Mode, "GITHUB_API_URL": s.GitHubAPIURL,
		"SYNC_TIMEOUT": s.SyncTimeout.String(), "HTTP_TIMEOUT": s.HTTPTimeout.String(), "GIT_TIMEOUT": s.GitTimeout.String()}
	for key, def := range defaults {
		if d, err := time.ParseDuration(def); err == nil {
			def = d.String()
		}
		if got[key] != def {
			t.Errorf("%s: %q, want the table's %q", key, got[key], def)
		}
	}
	if s.HTTP.PerTry != s.HTTPTimeout || s.HTTP.Total != 2*time.Minute || s.HTTP.Attempts != 5 {
		t.Errorf("HTTP policy %+v", s.HTTP)
	}
	if p := HTTPPolicy(time.Minute); p.Total != 4*time.Minute {
		t.Errorf("a one-minute try: the whole call gets %s, want four tries' worth", p.Total)
	}
}
