package config

import (
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/syncs"
)

// defaults are the built-in defaults, the last step of the precedence, of
// the settings that have a value of their own, by key. Load applies them;
// a setting's help shows its default through "{default}", never restating
// it; a test checks the configuration table (docs/configuration.md) and
// the action's inputs against them. A setting missing here defaults to
// something the run finds (the CI's build number, the remote's HEAD
// branch), which its help describes.
var defaults = map[string]string{
	"REPO":        ".",
	"REMOTE":      "origin",
	"ENVIRONMENT": naming.Production,
	// production's; any other environment's is naming.DefaultTagTemplate's
	// rule ({env}-{build}), which only config applies to a setting
	"TAG_TEMPLATE":    naming.DefaultTagTemplate(naming.Production),
	"BRANCH_TEMPLATE": "hotfix/{build}",
	"MODE":            "auto",
	"GITHUB_API_URL":  "https://api.github.com", // after the runner's GITHUB_API_URL
	"SYNC_TIMEOUT":    "10m",
	"HTTP_TIMEOUT":    "30s",
	"GIT_TIMEOUT":     "5m",
}

// FallbackMain is the main line's branch when neither --main (or the
// policy file's defaults.main) nor the remote's HEAD names one.
const FallbackMain = "main"

// defaultGitHubServer is the web host of GitHub when the runner's
// GITHUB_SERVER_URL does not say (mode auto compares remotes with it).
const defaultGitHubServer = "https://github.com"

// defaultDuration is a duration setting's default.
func defaultDuration(key string) time.Duration {
	d, err := time.ParseDuration(defaults[key])
	if err != nil {
		panic("config: the default of " + key + " is not a duration") // the table above is wrong
	}
	return d
}

// withDefault fills a help text's "{default}" with the key's default.
func withDefault(key, help string) string {
	return strings.ReplaceAll(help, "{default}", defaults[key])
}

// SyncDefaults are what a sync target that names no environment, variable
// or workflow tells: the hotfix-dev environment.
var SyncDefaults = syncs.Defaults{
	DispatchWorkflow: "hotfix-dev.yml",
	Deployment:       "hotfix-dev",
	Variable:         "hotfix-dev:HOTFIX_BRANCH",
}

// HTTPPolicy is the policy of every HTTP request hotlane sends (GitHub,
// the sync targets): up to five tries with jittered backoff from half a
// second, a rate limit's reset waited for up to a minute; perTry
// (--http-timeout) bounds one try, and the whole call four of them, two
// minutes at least.
func HTTPPolicy(perTry time.Duration) httpx.Policy {
	return httpx.Policy{Attempts: 5, PerTry: perTry, Total: max(2*time.Minute, 4*perTry),
		BaseBackoff: 500 * time.Millisecond, MaxWait: time.Minute}
}
