package config

import (
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/suggest"
)

// Prefix starts every variable hotlane reads: HOTLANE_<KEY>.
const Prefix = "HOTLANE_"

// otherVariables are the HOTLANE_* variables that are not settings but that
// hotlane, its installers, its pipelines and its scripts read or set: a
// pipeline may hold them beside the settings, and none is a typo.
var otherVariables = map[string]string{
	"RELEASE":        "set for a command= sync target (with LANE, COMMIT, TAG, ENVIRONMENT)",
	"TAG":            "set for a command= sync target",
	"DOWNLOAD_BASE":  "where pipelines/install.sh and the GitLab components download releases",
	"VERSION":        "the release the GitLab components install",
	"INSTALL":        "whether the GitLab components install hotlane",
	"ACTION_REF":     "the action's ref (action.yml)",
	"ACTION_PATH":    "the action's directory (action.yml)",
	"ACTION_COMMAND": "the command the action runs (action.yml)",
	"FUZZTIME":       "scripts/test: how long each fuzz target runs",
	"REQUIRE_SHARED": "tests: the checks that need ../shared must run (.ci/run sets it)",
	"TEST_TIMEOUT":   "scripts/test: the -timeout of each go test (default 30m)",
	"CPUPROFILE":     "a file for a CPU profile of the run (go tool pprof; docs/performance.md)",
	"MEMPROFILE":     "a file for a heap profile of the run, taken at the largest heap",
}

// otherPrefixes start variables that hotlane writes: the --env-file
// outputs (HOTLANE_OUT_LANE), which a later GitLab job inherits.
var otherPrefixes = []string{"OUT_"}

// UnknownVariables returns a warning for every HOTLANE_* variable of env
// (set, not empty) that is neither a setting of any command nor another
// variable hotlane knows, naming the closest setting: a typo such as
// HOTLANE_ENVIROMENT would otherwise be ignored in silence (and a release
// meant for staging would go to production). It is a warning, not an
// error: a pipeline-wide variable may be meant for another command (those
// are settings, so known), or for a newer hotlane.
func UnknownVariables(env map[string]string) []string {
	keys := Keys()
	var warnings []string
	for _, name := range sortedNames(env) {
		key, ok := strings.CutPrefix(name, Prefix)
		if !ok || env[name] == "" || knownVariable(key, keys) {
			continue
		}
		msg := name + ": no such setting; "
		if near := suggest.Closest(key, keys); near != nil {
			msg += suggest.Phrase(near, func(k string) string { return Prefix + k }) + " (the variable is ignored)"
		} else {
			msg += "the variable is ignored (a setting's variable is HOTLANE_ and its flag in upper snake case: --tag-template is HOTLANE_TAG_TEMPLATE)"
		}
		warnings = append(warnings, msg)
	}
	return warnings
}

func knownVariable(key string, keys []string) bool {
	if contains(keys, key) {
		return true
	}
	if _, ok := otherVariables[key]; ok {
		return true
	}
	if contains(PipelineVariables, Prefix+key) {
		return true
	}
	for _, p := range otherPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// KnownVariable says whether hotlane or its tooling reads or sets the
// variable name (HOTLANE_ENVIRONMENT, HOTLANE_OUT_LANE, HOTLANE_FUZZTIME).
func KnownVariable(name string) bool {
	key, ok := strings.CutPrefix(name, Prefix)
	return ok && knownVariable(key, Keys())
}

func sortedNames(env map[string]string) []string {
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
