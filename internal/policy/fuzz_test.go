package policy

import (
	"strings"
	"testing"
)

// FuzzParse: any file is read or refused without a panic, and a file that
// is read holds no environment name the rule could not match.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"waivers:\n  - subject: '^chore'\n    reason: x\n  - paths: [a/**, b]\n    reason: y\n",
		"promotion:\n  production: [staging]\n  staging: [qa]\n",
		"defaults:\n  branch-template: release/{build}\n  strict: true\n",
		"retired-lanes:\n  - lane: hotfix/1\n    reason: gone\n",
		"a: &a [x]\nb: *a\n", "---\n---\n", "promotion:\n  Production: [staging]\n  production: []\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			return
		}
		for env, earlier := range file.Promotion {
			if strings.TrimSpace(env) != env || env == "" {
				t.Fatalf("accepted environment %q", env)
			}
			for _, e := range earlier {
				if strings.EqualFold(e, env) {
					t.Fatalf("accepted %q before itself", e)
				}
			}
		}
	})
}
