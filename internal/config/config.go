// Package config owns hotlane's settings: where each comes from (flag, then
// HOTLANE_*, then the GitHub Action input of the same name, then the policy
// file's defaults (WithPolicy), then the CI's own variables, then the
// default; docs/contract.md "Settings"), and their
// validation, which happens before anything is changed and reports every
// problem at once. It is the only package that reads the environment, and it
// reads it from a map it is given, never from the process.
package config

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/syncs"
)

// raw holds every setting as text, unvalidated. The env tag is the setting's
// key: HOTLANE_<key> is its variable, and the flag and the action input are
// the key in lower case with "-" for "_" (TAG_TEMPLATE: --tag-template).
type raw struct {
	Repo              string `env:"REPO" help:"path of the local clone (default \"{default}\")"`
	Remote            string `env:"REMOTE" help:"remote to read and push (default \"{default}\")"`
	Main              string `env:"MAIN" help:"main-line branch (default: the remote's HEAD branch, else main)"`
	Environment       string `env:"ENVIRONMENT" help:"environment deployed to, {env} in templates: letters, digits, '.', '_', '-', compared in any case (default \"{default}\")"`
	TagTemplate       string `env:"TAG_TEMPLATE" help:"release tag name; placeholders {build} {env} {sha} {short} {date} (default \"{default}\")"`
	BranchTemplate    string `env:"BRANCH_TEMPLATE" help:"hotfix lane name, same placeholders (default \"{default}\"; MettleCI users: \"Hotfix-{build}\")"`
	Build             string `env:"BUILD" help:"build id of the release (default: the CI's build number)"`
	Commit            string `env:"COMMIT" help:"deployed commit (release) or candidate (check), any revision (default: the CI's commit, else HEAD)"`
	SourceBranch      string `env:"SOURCE_BRANCH" help:"branch the deployed commit came from (default: the CI's branch)"`
	PipelineURL       string `env:"PIPELINE_URL" help:"URL of this pipeline run, for the record (default: from the CI)"`
	Token             string `env:"TOKEN" help:"token for HTTPS remotes and GitHub (default: HOTLANE_TOKEN, GITHUB_TOKEN, GH_TOKEN; never printed)"`
	Username          string `env:"USERNAME" help:"user to send with --token (default: picked per host)"`
	SSHKey            string `env:"SSH_KEY" help:"private key file for SSH remotes (default: the SSH agent)"`
	SSHKeyPassphrase  string `env:"SSH_KEY_PASSPHRASE" help:"passphrase of --ssh-key (prefer HOTLANE_SSH_KEY_PASSPHRASE)"`
	Format            string `env:"FORMAT"`
	CI                string `env:"CI" help:"CI system: github, jenkins, azure, gitlab or none (default: detected)"`
	DryRun            string `env:"DRY_RUN" kind:"switch" help:"print the plan and change nothing"`
	EnvFile           string `env:"ENV_FILE" help:"also write the outputs to this file as KEY=value lines (Jenkins readProperties, GitLab dotenv)"`
	EnvFileFormat     string `env:"ENV_FILE_FORMAT" help:"properties (Java, for Jenkins) or dotenv (default: dotenv on GitLab, else properties)"`
	Output            string `env:"OUTPUT" help:"write the report to this file in --format (a JUnit file for Jenkins' junit step, say); stdout keeps the text report"`
	NoCheck           string `env:"NO_CHECK" kind:"switch" help:"do not check whether the release drops hotfixes that earlier releases had"`
	Offline           string `env:"OFFLINE" kind:"switch" help:"check only what the clone has: do not read the remote's lanes and release tags, or fetch them"`
	Strict            string `env:"STRICT" kind:"switch" help:"do not accept adapted copies (a main-line commit with the same subject and shared paths, another patch): they stay missing"`
	Reason            string `env:"REASON" help:"why the release is bad (mark-bad) or the lane is let go (retire); required"`
	To                string `env:"TO" help:"the build to roll back to (default: the previous approved release)"`
	Keep              string `env:"KEEP" kind:"switch" help:"keep the temporary repositories and print where they are"`
	RequireBackports  string `env:"REQUIRE_BACKPORTS" kind:"switch" help:"exit 1 when the release drops hotfixes that earlier releases had"`
	Mode              string `env:"MODE" help:"git, github (the GitHub API: no clone needed to release; pull requests to backport) or auto (default: the API when the remote is on GitHub and a token is set)"`
	GitHubAPIURL      string `env:"GITHUB_API_URL" help:"GitHub API URL (default: GITHUB_API_URL, else {default}; GHES: https://HOST/api/v3)"`
	GitHubRepository  string `env:"GITHUB_REPOSITORY" help:"OWNER/NAME on GitHub (default: GITHUB_REPOSITORY, else the remote URL)"`
	Sync              string `env:"SYNC" kind:"list" help:"tell the hotfix-dev environment (repeatable): github-dispatch[=WORKFLOW[@REF]], github-deployment[=ENV], github-variable[=ENV:NAME], webhook=URL, command=CMD, jenkins=JOB_URL, azure-pipeline=ID"`
	SyncEnv           string `env:"SYNC_ENV" kind:"list" help:"pass this secret variable to a command=... sync target (repeatable; by default it runs without GITHUB_TOKEN, HOTLANE_TOKEN, SYSTEM_ACCESSTOKEN and every other secret)"`
	SyncTimeout       string `env:"SYNC_TIMEOUT" help:"time limit of a command=... sync target (default {default})"`
	HTTPTimeout       string `env:"HTTP_TIMEOUT" help:"time limit of one HTTP request to GitHub or a sync target; failed requests are retried (default {default})"`
	RollbackOf        string `env:"ROLLBACK_OF" help:"the build this release rolls back (hotlane rollback prints it), for the record"`
	GitTimeout        string `env:"GIT_TIMEOUT" help:"time limit of reading, fetching from and pushing to the remote (default {default})"`
	Lane              string `env:"LANE" kind:"switch" help:"create the hotfix lane (and sync hotfix-dev) for a release to an environment other than production"`
	RequireReleasedIn string `env:"REQUIRE_RELEASED_IN" kind:"list" help:"refuse (exit 1, nothing changed) a commit that has no release record in this environment (repeatable: a chain; default: the policy file's promotion rule)"`
	Force             string `env:"FORCE" kind:"switch" help:"overwrite files that exist with other content"`
	WebhookSecret     string `env:"WEBHOOK_SECRET"`
	JenkinsUser       string `env:"JENKINS_USER"`
	JenkinsToken      string `env:"JENKINS_TOKEN"`
}

// Settings are validated settings.
type Settings struct {
	Repo             string
	Remote           string
	Main             string // empty: the remote's HEAD branch, else main
	Environment      string
	TagTemplate      naming.Template // the release tags of Environment
	Tags             naming.TagTemplates
	BranchTemplate   naming.Template
	Build            string
	Commit           string // a revision; empty means HEAD
	SourceBranch     string
	PipelineURL      string
	Actor            string
	Token            string
	Username         string
	SSHKey           string
	SSHKeyPassphrase string
	Format           string
	CI               string
	DryRun           bool
	EnvFile          string
	EnvFileFormat    string
	Output           string
	NoCheck          bool
	Offline          bool   // the gate checks only what the clone has
	Strict           bool   // the gate does not accept adapted copies
	Reason           string // mark-bad: why the release is bad; retire: why the lane is let go
	To               string // rollback: the build to roll back to
	Keep             bool   // demo: keep the temporary repositories
	Force            bool   // init: overwrite files that exist
	RequireBackports bool
	// Lane creates the hotfix lane for a release to an environment other
	// than production (production's always get one).
	Lane bool
	// RequireReleasedIn lists the environments that must have released
	// the commit first (promotion control).
	RequireReleasedIn []string
	// Mode is git, github or auto (docs/release.md "GitHub API mode").
	Mode             string
	GitHubAPIURL     string
	GitHubServerURL  string // the web host of GitHub (GITHUB_SERVER_URL), for mode auto
	GitHubRepository string // owner/name; empty: from the remote URL
	Sync             []syncs.Spec
	SyncTimeout      time.Duration
	HTTPTimeout      time.Duration // one HTTP request's limit; retries come on top
	HTTP             httpx.Policy  // every HTTP request's: HTTPPolicy(HTTPTimeout)
	RollbackOf       string        // the build a release rolls back
	GitTimeout       time.Duration // bound on a release's git operations
	WebhookSecret    string
	JenkinsUser      string
	JenkinsToken     string
	AzureToken       string
	AzureCollection  string
	AzureProject     string
	// PullRequest says the CI run checks a pull or merge request: a
	// check there gates no release, so it applies no promotion rule.
	PullRequest bool
	// CIFiles are the CI's output and summary files, if it gave any.
	CIFiles ci.Files
	// Secrets lists every secret value in force, for masking and redaction.
	Secrets []string
	// Warnings are what the settings dropped on the way: a value the CI
	// gave that the release record cannot hold.
	Warnings []string
	// SyncEnv names the secret variables a command= sync target may see
	// (--sync-env).
	SyncEnv []string
	// CommandEnv is the environment a command= sync target starts from:
	// the process's without the secrets (SecretVariables, and any
	// variable holding a secret in force), but those SyncEnv names.
	CommandEnv []string
	// Given says which settings (by key: BRANCH_TEMPLATE) a flag, a
	// HOTLANE_* variable or an action input set; the others may take the
	// repository's policy file default.
	Given map[string]bool
}

// Sources are where settings come from.
type Sources struct {
	// Flags holds the flags given on the command line, by flag name.
	Flags map[string]string
	// Env is the process environment.
	Env map[string]string
	// Formats lists the values --format takes for this command; the first
	// is the default.
	Formats []string
	// NeedBuild says the command cannot run without a build id.
	NeedBuild bool
	// Keys are the settings the command takes (TAG_TEMPLATE), one per
	// flag; nil takes every setting. A HOTLANE_* variable or an action
	// input of a setting the command does not take is not read, so a
	// pipeline-wide HOTLANE_SYNC never fails a check job.
	Keys []string
}

// GCPercent is the garbage collector's target for this run: 50 unless
// GOGC is set. The gate reads many large blobs once each; collecting twice
// as often keeps its peak memory a third lower for a few percent of time
// (measured on moby's release branches).
func GCPercent(env map[string]string) (percent int, set bool) {
	if _, given := env["GOGC"]; given {
		return 0, false
	}
	return 50, true
}

// MemoryLimit is the soft limit on the memory the Go runtime holds for
// this run: 200 MiB unless GOMEMLIMIT is set. Past it the collector runs
// more often and returns freed memory to the system at once, instead of
// letting the process grow to twice what is in use; below it nothing
// changes. On the generated long shape (30 lanes of 500 hotfixes, about
// 130 MB in use at the peak) it took the peak from 280 MB to 240 MB for the
// same CPU time. A run that needs more than the limit still gets it (the
// runtime caps the collector's share of the CPU).
func MemoryLimit(env map[string]string) (bytes int64, set bool) {
	if _, given := env["GOMEMLIMIT"]; given {
		return 0, false
	}
	return 200 << 20, true
}

// Profiles are the files to write a CPU profile of this run and a heap
// profile at its end to, for go tool pprof (HOTLANE_CPUPROFILE,
// HOTLANE_MEMPROFILE); empty: none. They are for measuring hotlane
// (docs/performance.md), not settings of pipelines.
func Profiles(env map[string]string) (cpu, mem string) {
	return env["HOTLANE_CPUPROFILE"], env["HOTLANE_MEMPROFILE"]
}

// Setting describes one setting as a command line shows it.
type Setting struct {
	Key, Flag, Help string
	Default         string // the built-in default ("": none of its own)
	Switch          bool   // true or false: a flag without a value
	List            bool   // repeatable: one value a flag
}

// Lookup finds the setting a flag sets.
func Lookup(flag string) (Setting, bool) {
	t := reflect.TypeOf(raw{})
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag
		if key := tag.Get("env"); FlagName(key) == flag {
			kind := tag.Get("kind")
			return Setting{Key: key, Flag: flag, Help: withDefault(key, tag.Get("help")), Default: defaults[key],
				Switch: kind == "switch", List: kind == "list"}, true
		}
	}
	return Setting{}, false
}

// Keys lists every setting's key (TAG_TEMPLATE): each is a flag
// (--tag-template) and a variable (HOTLANE_TAG_TEMPLATE).
func Keys() []string {
	t := reflect.TypeOf(raw{})
	keys := make([]string, 0, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		keys = append(keys, t.Field(i).Tag.Get("env"))
	}
	return keys
}

// FlagName returns the flag (and action input) name of a setting key.
func FlagName(key string) string { return strings.ToLower(strings.ReplaceAll(key, "_", "-")) }

// Load merges the sources and validates the result. Every problem is
// reported in one error with exit code 2.
func Load(src Sources) (Settings, error) {
	environ := nonEmpty(src.Env)
	merged := map[string]string{}
	layers := []map[string]string{flagLayer(src.Flags), prefixed(environ, "HOTLANE_")}
	if environ["GITHUB_ACTIONS"] == "true" {
		layers = append(layers, inputLayer(environ))
	}
	for _, layer := range layers {
		for k, v := range layer {
			if src.Keys != nil && !contains(src.Keys, k) {
				continue
			}
			if _, set := merged[k]; !set && v != "" {
				merged[k] = v
			}
		}
	}
	var r raw
	if err := env.ParseWithOptions(&r, env.Options{Environment: merged}); err != nil {
		return Settings{}, fault.Wrap(fault.Invalid, err)
	}
	s, err := resolve(r, environ, src)
	s.Given = map[string]bool{}
	for k := range merged {
		s.Given[k] = true
	}
	return s, err
}

func nonEmpty(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func flagLayer(flags map[string]string) map[string]string {
	out := map[string]string{}
	for name, v := range flags {
		out[strings.ToUpper(strings.ReplaceAll(name, "-", "_"))] = v
	}
	return out
}

func prefixed(environ map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range environ {
		if key, ok := strings.CutPrefix(k, prefix); ok {
			out[key] = v
		}
	}
	return out
}

// inputLayer reads GitHub Action inputs. The runner names them INPUT_ plus
// the input's name in upper case, keeping "-" ("INPUT_TAG-TEMPLATE"). Real
// runners set none for composite actions, whose action.yml maps inputs to
// HOTLANE_* instead; this layer serves other ways of running the binary.
func inputLayer(environ map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range prefixed(environ, "INPUT_") {
		out[strings.ReplaceAll(k, "-", "_")] = v
	}
	return out
}

func resolve(r raw, environ map[string]string, src Sources) (Settings, error) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	s := Settings{
		Repo: cmp.Or(r.Repo, defaults["REPO"]), Remote: cmp.Or(r.Remote, defaults["REMOTE"]), Main: r.Main,
		Environment: cmp.Or(r.Environment, defaults["ENVIRONMENT"]), Build: r.Build, Commit: r.Commit,
		Username: r.Username, SSHKey: r.SSHKey, SSHKeyPassphrase: r.SSHKeyPassphrase, EnvFile: r.EnvFile, Output: r.Output,
		Reason: r.Reason, To: r.To, WebhookSecret: r.WebhookSecret,
	}
	resolveCI(&s, r, environ, src, bad)
	resolveRemotes(&s, r, environ, bad)
	resolveSecrets(&s, r, environ, src.Env, bad)
	resolveSwitches(&s, r, bad)
	resolveNames(&s, r, src, bad)
	if len(problems) > 0 {
		return s, fault.Wrap(fault.Invalid, errors.New("invalid configuration (nothing was changed):\n  - "+strings.Join(problems, "\n  - ")))
	}
	return s, nil
}

// resolveCI finds the CI, its run context (build, commit, branch, run URL,
// actor) where no setting gave them, and its output files.
func resolveCI(s *Settings, r raw, environ map[string]string, src Sources, bad func(string, ...any)) {
	s.CI = r.CI
	if s.CI == "" {
		s.CI = ci.Detect(environ)
	} else if !contains(ci.Kinds, s.CI) {
		bad("--ci %q: want one of %s", s.CI, strings.Join(ci.Kinds, ", "))
		s.CI = ci.None
	}
	ctx := ci.ContextFrom(s.CI, environ)
	s.CIFiles = ci.FilesFrom(s.CI, environ)
	s.Build = cmp.Or(s.Build, ctx.Build)
	s.Commit = cmp.Or(s.Commit, ctx.Commit)
	if takes(src, "BUILD") && s.Build != "" {
		if err := naming.CheckBuild(s.Build); err != nil {
			bad("--build %q: not a build id (it names a tag): it %v", s.Build, err)
		}
	}
	resolveRecordFields(s, r, ctx, bad)
	s.PullRequest = ctx.PullRequest
}

// takes says whether the command takes the setting key.
func takes(src Sources, key string) bool { return src.Keys == nil || contains(src.Keys, key) }

// resolveRemotes reads what hotlane may talk to and with what: the token
// (by the contract's precedence), the GitHub API and repository, the sync
// targets and their credentials; every secret is listed for masking.
func resolveRemotes(s *Settings, r raw, environ map[string]string, bad func(string, ...any)) {
	s.Token = cmp.Or(r.Token, environ["GITHUB_TOKEN"], environ["GH_TOKEN"], ci.ContextFrom(s.CI, environ).Token)
	s.Mode = cmp.Or(r.Mode, defaults["MODE"])
	if s.Mode != "auto" && s.Mode != "git" && s.Mode != "github" {
		bad("--mode %q: want git, github or auto", s.Mode)
	}
	// GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_SERVER_URL are the
	// runner's own names, read in any CI
	s.GitHubAPIURL = cmp.Or(r.GitHubAPIURL, environ["GITHUB_API_URL"], defaults["GITHUB_API_URL"])
	s.GitHubServerURL = cmp.Or(environ["GITHUB_SERVER_URL"], defaultGitHubServer)
	s.GitHubRepository = r.GitHubRepository
	if s.GitHubRepository != "" && !isOwnerName(s.GitHubRepository) {
		bad("--github-repository %q: want OWNER/NAME", s.GitHubRepository)
	}
	if s.GitHubRepository == "" && isOwnerName(environ["GITHUB_REPOSITORY"]) {
		// the runner's value; another tool's (act derives it from a local
		// path) is not OWNER/NAME and is ignored
		s.GitHubRepository = environ["GITHUB_REPOSITORY"]
	}
	for _, v := range splitList(r.Sync) {
		spec, err := syncs.Parse(v, SyncDefaults)
		if err != nil {
			bad("%v", err)
			continue
		}
		s.Sync = append(s.Sync, spec)
	}
	s.JenkinsUser = cmp.Or(r.JenkinsUser, environ["JENKINS_USER"])
	s.JenkinsToken = cmp.Or(r.JenkinsToken, environ["JENKINS_API_TOKEN"])
	s.AzureToken = environ["SYSTEM_ACCESSTOKEN"]
	s.AzureCollection = environ["SYSTEM_COLLECTIONURI"]
	s.AzureProject = environ["SYSTEM_TEAMPROJECT"]
}

// resolveSwitches reads the durations and the true/false settings.
func resolveSwitches(s *Settings, r raw, bad func(string, ...any)) {
	for _, d := range []struct {
		flag, value string
		def         time.Duration
		into        *time.Duration
	}{
		{"--sync-timeout", r.SyncTimeout, defaultDuration("SYNC_TIMEOUT"), &s.SyncTimeout},
		{"--http-timeout", r.HTTPTimeout, defaultDuration("HTTP_TIMEOUT"), &s.HTTPTimeout},
		{"--git-timeout", r.GitTimeout, defaultDuration("GIT_TIMEOUT"), &s.GitTimeout},
	} {
		*d.into = d.def
		if d.value == "" {
			continue
		}
		if v, err := time.ParseDuration(d.value); err != nil || v <= 0 {
			bad("%s %q: want a duration such as %s", d.flag, d.value, d.def)
		} else {
			*d.into = v
		}
	}
	s.HTTP = HTTPPolicy(s.HTTPTimeout)
	var err error
	for _, b := range []struct {
		flag, value string
		into        *bool
	}{{"--dry-run", r.DryRun, &s.DryRun}, {"--no-check", r.NoCheck, &s.NoCheck}, {"--offline", r.Offline, &s.Offline},
		{"--strict", r.Strict, &s.Strict}, {"--keep", r.Keep, &s.Keep}, {"--require-backports", r.RequireBackports, &s.RequireBackports},
		{"--lane", r.Lane, &s.Lane}, {"--force", r.Force, &s.Force}} {
		if *b.into, err = parseBool(b.value); err != nil {
			bad("%s %q: want true or false", b.flag, b.value)
		}
	}
}

// resolveNames checks what names things: the build, the report formats,
// the environment, the remote, the main line and the templates.
func resolveNames(s *Settings, r raw, src Sources, bad func(string, ...any)) {
	if src.NeedBuild && s.Build == "" {
		bad("no build id: pass --build or set HOTLANE_BUILD; in CI it comes from GITHUB_RUN_NUMBER (GitHub Actions), " +
			"BUILD_NUMBER (Jenkins), BUILD_BUILDNUMBER (Azure DevOps) or CI_PIPELINE_IID (GitLab)")
	}
	if strings.ContainsAny(s.Reason, "\r\n") {
		bad("--reason: want one line of text")
	}
	s.Format = cmp.Or(r.Format, src.Formats[0])
	if !contains(src.Formats, s.Format) {
		bad("--format %q: want one of %s", s.Format, strings.Join(src.Formats, ", "))
	}
	s.EnvFileFormat = r.EnvFileFormat
	if s.EnvFileFormat == "" {
		s.EnvFileFormat = ci.TraitsOf(s.CI).EnvFileFormat
	}
	if s.EnvFileFormat != ci.FormatProperties && s.EnvFileFormat != ci.FormatDotenv {
		bad("--env-file-format %q: want %s or %s", s.EnvFileFormat, ci.FormatProperties, ci.FormatDotenv)
	}
	envsOK := resolveEnvironments(s, r, bad)
	if s.Remote != "" && strings.ContainsAny(s.Remote, " \t\r\n") {
		bad("--remote %q: a remote name has no white space", s.Remote)
	}
	if s.Main != "" {
		if err := naming.CheckRefName(s.Main); err != nil {
			bad("--main %q: not a valid branch name: it %v", s.Main, err)
		}
	}
	// the environment's default by naming's rule (defaults["TAG_TEMPLATE"]
	// is production's)
	s.TagTemplate = checkTemplate("--tag-template", cmp.Or(r.TagTemplate, naming.DefaultTagTemplate(s.Environment)), *s, bad)
	if r.TagTemplate != "" {
		s.Tags = naming.GivenTagTemplate(s.TagTemplate)
	}
	s.BranchTemplate = checkTemplate("--branch-template", cmp.Or(r.BranchTemplate, defaults["BRANCH_TEMPLATE"]), *s, bad)
	if envsOK {
		checkCollisions(s, bad)
	}
}

// checkTemplate parses a template and checks what it renders, with sample
// values and with the build and environment in force.
func checkTemplate(flag, rawTemplate string, s Settings, bad func(string, ...any)) naming.Template {
	t, err := naming.ParseTemplate(rawTemplate)
	if err != nil {
		bad("%s: %v", flag, err)
		return t
	}
	if name := t.Render(naming.SampleVars); naming.CheckRefName(name) != nil {
		bad("%s %q renders %q, which is not a valid git ref name: it %v", flag, rawTemplate, name, naming.CheckRefName(name))
		return t
	}
	if s.Build != "" {
		vars := naming.SampleVars
		vars.Build, vars.Env = s.Build, s.Environment
		if name := t.Render(vars); naming.CheckRefName(name) != nil {
			bad("%s %q with build %q and environment %q renders %q, which is not a valid git ref name: it %v",
				flag, rawTemplate, s.Build, s.Environment, name, naming.CheckRefName(name))
		}
	}
	return t
}

// splitList splits a repeatable setting: flag values arrive joined by
// line breaks; its HOTLANE_* variable separates them by line breaks, or by
// commas when it has no line break (a sync command that holds a comma
// needs line breaks).
func splitList(v string) []string {
	sep := ","
	if strings.Contains(v, "\n") {
		sep = "\n"
	}
	var out []string
	for _, part := range strings.Split(v, sep) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func isOwnerName(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	return ok && owner != "" && name != "" && !strings.ContainsAny(name, "/ \t")
}

func parseBool(s string) (bool, error) {
	if s == "" {
		return false, nil
	}
	return strconv.ParseBool(s)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
