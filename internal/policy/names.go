package policy

import (
	"fmt"
	"strings"

	"github.com/hotlane/hotlane/internal/suggest"
)

// NearMisses lists the names among a directory's entries (the
// repository's root) that look meant to be the policy file but are not
// read: .hotlane.yaml, hotlane.yml, .Hotlane.yml, .hotlane.yml.txt,
// .hotlnae.yml. Each comes with a warning that names the right name.
func NearMisses(names []string) []string {
	var out []string
	for _, n := range names {
		if n != Name && nearMiss(n) {
			out = append(out, fmt.Sprintf("%q at the repository's root is not read: the policy file is %s (rename it, or remove it if it is not meant to be the policy)", n, Name))
		}
	}
	return out
}

func nearMiss(name string) bool {
	n := strings.TrimPrefix(strings.ToLower(name), ".")
	if stem, _, ok := strings.Cut(n, "."); ok && (stem == "hotlane" || stem == "hot-lane" || stem == "hot_lane") {
		return true // hotlane.yml, .hotlane.yaml, .hotlane.yml.txt, .hotlane.json
	}
	return suggest.Distance(n, strings.TrimPrefix(Name, ".")) <= 2
}
