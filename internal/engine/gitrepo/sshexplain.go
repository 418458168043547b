package gitrepo

import "strings"

// sshAdvice says what to set when an SSH remote cannot be reached for a
// reason of the machine's SSH setup (no key and no agent, no known_hosts,
// an unknown host key, a key the server refuses); "" for other errors.
// lower is go-git's message in lower case; keyGiven says --ssh-key was set.
func sshAdvice(lower string, keyGiven bool) string {
	const giveKey = "give hotlane the key: --ssh-key FILE or HOTLANE_SSH_KEY (its passphrase in HOTLANE_SSH_KEY_PASSPHRASE); " +
		"or run it inside an SSH agent that holds the key (Jenkins: sshagent(['credential-id']) { ... } or " +
		"withCredentials([sshUserPrivateKey(credentialsId: 'credential-id', keyFileVariable: 'HOTLANE_SSH_KEY')]); " +
		"GitHub Actions: webfactory/ssh-agent); or use the repository's HTTPS URL with a token"
	switch {
	case !keyGiven && strings.Contains(lower, "ssh_auth_sock not-specified"):
		return "no SSH key was given and no SSH agent is running (SSH_AUTH_SOCK is not set): " + giveKey
	case !keyGiven && strings.Contains(lower, "error connecting to ssh_auth_sock"):
		return "the SSH agent named by SSH_AUTH_SOCK does not answer: start it again, or " + giveKey
	case strings.Contains(lower, "unable to find any valid known_hosts file"):
		return "hotlane checks the server's host key and found no known_hosts file: add the host's key to ~/.ssh/known_hosts " +
			"(ssh-keyscan HOST >> ~/.ssh/known_hosts, checked against the host's published fingerprints), or name a file " +
			"that has it in SSH_KNOWN_HOSTS"
	case strings.Contains(lower, "knownhosts: key is unknown"):
		return "the server's host key is not in known_hosts (~/.ssh/known_hosts, or SSH_KNOWN_HOSTS): add it " +
			"(ssh-keyscan HOST, checked against the host's published fingerprints)"
	case strings.Contains(lower, "knownhosts: key mismatch"):
		return "the server's host key differs from the one known_hosts has for it: if the host changed its key, replace the " +
			"entry; otherwise someone may be in the middle, and nothing was sent"
	case strings.Contains(lower, "unable to authenticate"):
		if keyGiven {
			return "the server refused the key --ssh-key names: give the key of a user (or a deploy key) with write access"
		}
		return "the server refused every key the SSH agent offered: " + giveKey
	}
	return ""
}
