package access

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/engine/gitrepo"
)

// TestOneRuleForTheGitHubAPI: every command decides "GitHub API or git"
// by the same rule, and a token never goes to GitHub for a repository
// that is not on the GitHub in force.
func TestOneRuleForTheGitHubAPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, mode, token, server, repository, remote string
		clone                                         bool
		want                                          bool
	}{
		{"auto, a GitHub remote and a token", "auto", "t", "https://github.com", "", "https://github.com/shop/shop.git", true, true},
		{"auto, a GitHub remote over SSH", "auto", "t", "https://github.com", "", "git@github.com:shop/shop.git", true, true},
		{"auto, no token", "auto", "", "https://github.com", "", "https://github.com/shop/shop.git", true, false},
		{"auto, a GitLab remote and a token: git, the token stays home", "auto", "t", "https://github.com", "", "https://gitlab.example/shop/shop.git", true, false},
		{"auto, a GitLab remote and GITHUB_REPOSITORY: still git", "auto", "t", "https://github.com", "shop/shop", "https://gitlab.example/shop/shop.git", true, false},
		{"auto, a GitHub Enterprise remote", "auto", "t", "https://ghe.example", "", "https://ghe.example/shop/shop.git", true, true},
		{"auto, github.com remote under GitHub Enterprise", "auto", "t", "https://ghe.example", "", "https://github.com/shop/shop.git", true, false},
		{"auto, no clone, GITHUB_REPOSITORY", "auto", "t", "https://github.com", "shop/shop", "", false, true},
		{"auto, no clone, nothing named", "auto", "t", "https://github.com", "", "", false, false},
		{"git", "git", "t", "https://github.com", "shop/shop", "https://github.com/shop/shop.git", true, false},
		{"github, asked for", "github", "t", "https://github.com", "", "https://gitlab.example/shop/shop.git", true, true},
	}
	for _, tt := range tests {
		g := GitHub{Mode: tt.mode, Token: tt.token, ServerURL: tt.server, Repository: tt.repository}
		if got := g.UseAPI(tt.remote, tt.clone); got != tt.want {
			t.Errorf("%s: API %v, want %v", tt.name, got, tt.want)
		}
	}
	// asked for the API with a GitLab remote and no repository named: the
	// remote does not name a GitHub repository
	g := GitHub{Mode: "github", Token: "t", ServerURL: "https://github.com"}
	if _, err := g.Client("https://gitlab.example/shop/shop.git"); err == nil {
		t.Error("a GitLab remote was taken for a GitHub repository")
	}
}

// TestReachBuildsOneClient: a run's Reach applies the rule once and builds
// its GitHub client once; every step gets the same one (or the same error).
func TestReachBuildsOneClient(t *testing.T) {
	t.Parallel()
	api := GitHub{Mode: ModeGitHub, Token: "t", APIURL: "https://api.github.com", ServerURL: "https://github.com", Repository: "shop/shop"}
	r := api.Open(t.TempDir(), "origin", gitrepo.Credentials{})
	defer r.Close()
	if r.Repo != nil || r.OpenErr == nil || !r.API {
		t.Fatalf("no clone, mode github: repo %v, open error %v, API %v", r.Repo, r.OpenErr, r.API)
	}
	first, err := r.Client()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := r.Client(); again != first {
		t.Error("a second step built another client")
	}
	noToken := GitHub{Mode: ModeGitHub, Repository: "shop/shop"}.Open(t.TempDir(), "origin", gitrepo.Credentials{})
	if _, err := noToken.Client(); err == nil || !strings.Contains(err.Error(), "needs a token") {
		t.Errorf("no token: %v", err)
	}
}
