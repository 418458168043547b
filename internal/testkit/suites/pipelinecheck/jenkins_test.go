package pipelinecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/config"
)

// TestJenkinsCredentialsBindSettings: every variable a Jenkins credential
// binding of the library or the examples fills is a hotlane setting (a
// token, a user, an SSH key file and its passphrase), and the library
// binds each kind of credential it documents.
func TestJenkinsCredentialsBindSettings(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	for _, k := range config.Keys() {
		keys["HOTLANE_"+k] = true
	}
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "vars", "*.groovy"))
	files = append(files, filepath.Join(repoRoot(t), "Jenkinsfile.example"))
	binding := regexp.MustCompile(`(?:variable|usernameVariable|passwordVariable|keyFileVariable|passphraseVariable): '(HOTLANE_[A-Z_]+)'`)
	bound := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range binding.FindAllStringSubmatch(string(data), -1) {
			bound[m[1]] = true
			if !keys[m[1]] {
				t.Errorf("%s binds a credential to %s, which is no hotlane setting", filepath.Base(f), m[1])
			}
		}
	}
	for _, want := range []string{"HOTLANE_TOKEN", "HOTLANE_USERNAME", "HOTLANE_SSH_KEY", "HOTLANE_SSH_KEY_PASSPHRASE"} {
		if !bound[want] {
			t.Errorf("no credential binding fills %s", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "vars", "hotlaneCredentials.groovy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"secretText", "usernamePassword", "githubApp", "sshKey"} {
		if !strings.Contains(string(data), "case '"+kind+"':") {
			t.Errorf("hotlaneCredentials does not bind credentialsType %s", kind)
		}
	}
}
