package access

import "testing"

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
