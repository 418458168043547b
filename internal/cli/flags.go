package cli

import (
	"github.com/spf13/pflag"

	"github.com/hotlane/hotlane/internal/config"
)

// A flag every command that works on a repository shares. Its environment
// variable is HOTLANE_ + the name in upper snake case (config.FlagName).
type flagDef struct{ name, usage string }

var repoFlags = []flagDef{
	{"repo", "path of the local clone (default \".\")"},
	{"remote", "remote to read and push (default \"origin\")"},
	{"main", "main-line branch (default: the remote's HEAD branch, else main)"},
	{"environment", "environment deployed to, {env} in templates (default \"production\")"},
	{"tag-template", "release tag name; placeholders {build} {env} {sha} {short} {date} (default \"" + config.DefaultTagTemplate + "\")"},
	{"branch-template", "hotfix lane name, same placeholders (default \"" + config.DefaultBranchTemplate + "\"; MettleCI users: \"Hotfix-{build}\")"},
	{"build", "build id of the release (default: the CI's build number)"},
	{"commit", "deployed commit, any revision (default: the CI's commit, else HEAD)"},
	{"token", "token for HTTPS remotes (default: HOTLANE_TOKEN, GITHUB_TOKEN, GH_TOKEN; never printed)"},
	{"username", "user to send with --token (default: picked per host)"},
	{"ssh-key", "private key file for SSH remotes (default: the SSH agent)"},
	{"ssh-key-passphrase", "passphrase of --ssh-key (prefer HOTLANE_SSH_KEY_PASSPHRASE)"},
	{"ci", "CI system: github, jenkins, azure, gitlab or none (default: detected)"},
}

func addStringFlags(fs *pflag.FlagSet, defs []flagDef) {
	for _, d := range defs {
		fs.String(d.name, "", d.usage)
	}
}

// addGateFlags adds the flags of the commands that run the gate and do not
// push: how it may reach the remote.
func addGateFlags(fs *pflag.FlagSet) {
	fs.Bool("offline", false, "check only what the clone has: do not read the remote's lanes and release tags, or fetch them")
	fs.String(gitTimeoutFlag.name, "", gitTimeoutFlag.usage)
	fs.Bool("strict", false, "do not accept adapted copies (a main-line commit with the same subject and shared paths, another patch): they stay missing")
}

// ledgerFlags are the repository flags of the commands that read the
// ledger and release nothing: no build or commit of their own.
func ledgerFlags() []flagDef {
	var out []flagDef
	for _, d := range repoFlags {
		if d.name != "build" && d.name != "commit" {
			out = append(out, d)
		}
	}
	return out
}

// gitTimeoutFlag bounds every call to the remote.
var gitTimeoutFlag = flagDef{"git-timeout", "time limit of reading, fetching from and pushing to the remote (default 5m)"}
