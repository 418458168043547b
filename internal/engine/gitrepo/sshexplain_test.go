package gitrepo

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestSSHWithoutAgentOrKeySaysWhatToSet: an SSH remote with no key given
// and no SSH agent, or with a key but no known_hosts file, fails before
// any connection with a message that says what to set, not go-git's raw
// error. (t.Setenv: not parallel.)
func TestSSHWithoutAgentOrKeySaysWhatToSet(t *testing.T) {
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Git(t, o.Clone, "remote", "set-url", "origin", "ssh://git@127.0.0.1:1/acme/shop.git")
	t.Setenv("SSH_AUTH_SOCK", "")
	t.Setenv("SSH_KNOWN_HOSTS", filepath.Join(t.TempDir(), "none"))

	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cred Credentials
		want []string
	}{
		{Credentials{}, []string{"no SSH key was given and no SSH agent is running", "HOTLANE_SSH_KEY", "sshagent("}},
		{Credentials{SSHKey: keyFile}, []string{"no known_hosts file", "SSH_KNOWN_HOSTS", "ssh-keyscan"}},
	}
	for _, tt := range tests {
		repo, err := Open(o.Clone, "origin", tt.cred)
		if err != nil {
			t.Fatal(err)
		}
		_, err = repo.ReadRemote(context.Background())
		repo.Close()
		var access *gitref.AccessError
		if !errors.As(err, &access) {
			t.Fatalf("key %q: %v, want an access error", tt.cred.SSHKey, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("key %q: %q lacks %q", tt.cred.SSHKey, err, w)
			}
		}
	}
}
