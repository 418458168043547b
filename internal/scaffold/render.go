package scaffold

import (
	"fmt"
	"io"
	"strings"
)

// next are the steps left to the user, per CI.
var next = map[string][]string{
	"github": {
		"put your deploy command in the Deploy step of .github/workflows/hotlane.yml, or copy its two hotlane steps into your deploy workflow",
		"commit .github/workflows/hotlane.yml and .hotlane.yml, and push",
	},
	"gitlab": {
		"include it from .gitlab-ci.yml:  include: [{local: .gitlab/hotlane.yml}]",
		"add a masked CI/CD variable HOTLANE_TOKEN: a project access token with write_repository, for the release's push",
		"commit .gitlab/hotlane.yml and .hotlane.yml, and push",
	},
	"azure": {
		"put your deploy command in the Deploy step of .azure-pipelines/hotlane.yml",
		"grant the project's Build Service \"Contribute\" and \"Create tag\" on the repository",
		"commit .azure-pipelines/ and .hotlane.yml, push, and create a pipeline from .azure-pipelines/hotlane.yml",
	},
	"jenkins": {
		"put your deploy command in the Deploy stage of Jenkinsfile.hotlane, and install hotlane on the agents",
		"add a secret-text credential git-push-token that may push tags and branches",
		"commit Jenkinsfile.hotlane and .hotlane.yml, push, and point a Pipeline job's Script Path at Jenkinsfile.hotlane",
	},
}

// Render writes what init did, or with a dry run would do and the files'
// text, and what is left to do.
func Render(w io.Writer, res Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "hotlane init for %s in %s\n", CIs[res.CI], res.Dir)
	fmt.Fprintf(&b, "  main line: %s (%s)\n", res.Main, res.MainFrom)
	for _, f := range res.Files {
		verb := map[string]string{"write": "wrote", "overwrite": "overwrote", "unchanged": "unchanged"}[f.Action]
		if res.DryRun {
			verb = map[string]string{"write": "would write", "overwrite": "would overwrite", "unchanged": "unchanged"}[f.Action]
		}
		fmt.Fprintf(&b, "  %s %s\n", verb, f.Path)
	}
	if res.DryRun {
		for _, f := range res.Files {
			if f.Action != "unchanged" {
				fmt.Fprintf(&b, "\n--- %s\n%s", f.Path, f.Content)
			}
		}
		b.WriteString("\nNothing was written (--dry-run).\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("Next:\n")
	for i, step := range next[res.CI] {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, step)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
