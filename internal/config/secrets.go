package config

import (
	"regexp"
	"sort"
	"strings"
)

// SecretVariables are the environment variables that hold credentials:
// hotlane's own settings, the action inputs that carry them, and the
// tokens each CI hands its jobs. Their values are masked and redacted
// wherever hotlane prints, and a command= sync target never sees them
// (nor any other variable holding a secret in force) unless the user names
// them with --sync-env. This is the one list of their names.
var SecretVariables = []string{
	// hotlane's settings, and the action inputs that set them
	"HOTLANE_TOKEN", "HOTLANE_SSH_KEY_PASSPHRASE", "HOTLANE_WEBHOOK_SECRET", "HOTLANE_JENKINS_TOKEN",
	"INPUT_TOKEN", "INPUT_SSH-KEY-PASSPHRASE", "INPUT_WEBHOOK-SECRET", "INPUT_JENKINS-TOKEN",
	// GitHub Actions
	"GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
	// Azure DevOps
	"SYSTEM_ACCESSTOKEN",
	// Jenkins
	"JENKINS_API_TOKEN",
	// GitLab
	"CI_JOB_TOKEN", "CI_JOB_JWT", "CI_JOB_JWT_V1", "CI_JOB_JWT_V2", "CI_BUILD_TOKEN", "CI_REGISTRY_PASSWORD",
	"CI_DEPLOY_PASSWORD", "CI_DEPENDENCY_PROXY_PASSWORD", "GITLAB_TOKEN",
}

// minSecret is the shortest value treated as a secret when variables are
// compared by value (the redactor's own bound): "1" or "true" would take
// half the environment with it.
const minSecret = 4

var variableNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// resolveSecrets lists every secret value in force (the settings' and
// each secret variable's), and the environment a command= sync target
// starts from.
func resolveSecrets(s *Settings, r raw, environ map[string]string, all map[string]string, bad func(string, ...any)) {
	values := []string{s.Token, s.SSHKeyPassphrase, s.WebhookSecret, s.JenkinsToken, s.AzureToken}
	for _, name := range SecretVariables {
		values = append(values, environ[name])
	}
	for _, secret := range values {
		if secret != "" && !contains(s.Secrets, secret) {
			s.Secrets = append(s.Secrets, secret)
		}
	}
	for _, name := range splitList(r.SyncEnv) {
		if !variableNameRE.MatchString(name) {
			bad("--sync-env %q: want the name of an environment variable", name)
			continue
		}
		s.SyncEnv = append(s.SyncEnv, name)
	}
	s.CommandEnv = commandEnv(all, s.Secrets, s.SyncEnv)
}

// commandEnv is the environment of a command= sync target: the process's,
// less every secret variable and every variable whose value is a secret in
// force, unless pass names it; as KEY=value entries, sorted.
func commandEnv(environ map[string]string, secrets, pass []string) []string {
	out := make([]string, 0, len(environ))
	for name, value := range environ {
		if contains(pass, name) || !isSecretVariable(name, value, secrets) {
			out = append(out, name+"="+value)
		}
	}
	sort.Strings(out)
	return out
}

func isSecretVariable(name, value string, secrets []string) bool {
	for _, known := range SecretVariables {
		if strings.EqualFold(name, known) { // Windows names are case-insensitive
			return true
		}
	}
	for _, secret := range secrets {
		if len(secret) >= minSecret && value == secret {
			return true
		}
	}
	return false
}
