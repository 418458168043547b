package verdict

import (
	"path"
	"strings"

	"github.com/hotlane/hotlane/internal/policy"
)

// waives says whether the policy's waiver w waives c. A waiver by paths
// needs c's paths.
func waives(w policy.Waiver, c Commit) bool {
	if w.SHA == "" && w.Subject == nil && len(w.Paths) == 0 {
		return false
	}
	if w.SHA != "" && !sameCommit(strings.ToLower(w.SHA), c.SHA) {
		return false
	}
	if w.Subject != nil && !w.Subject.MatchString(c.Subject) {
		return false
	}
	if len(w.Paths) > 0 {
		if len(c.Paths) == 0 {
			return false
		}
		for _, p := range c.Paths {
			if !matchesAny(w.Paths, p) {
				return false
			}
		}
	}
	return true
}

func matchesAny(globs []string, p string) bool {
	for _, g := range globs {
		if MatchGlob(g, p) {
			return true
		}
	}
	return false
}

// MatchGlob matches a slash-separated path against a glob: path.Match per
// segment, "**" for any number of segments, and a glob without "/" against
// the last segment (as .gitignore does).
func MatchGlob(glob, p string) bool {
	if !strings.Contains(glob, "/") {
		ok, _ := path.Match(glob, path.Base(p))
		return ok
	}
	return matchSegments(strings.Split(strings.Trim(glob, "/"), "/"), strings.Split(p, "/"))
}

func matchSegments(glob, p []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchSegments(glob[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], p[0]); !ok {
			return false
		}
		glob, p = glob[1:], p[1:]
	}
	return len(p) == 0
}
