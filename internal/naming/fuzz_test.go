package naming

import (
	"strings"
	"testing"
	"time"
)

// FuzzTemplate: parsing never panics; a rendered name is either valid or
// rejected by CheckRefName; a valid template with a plain build renders a
// name that the template matches back.
func FuzzTemplate(f *testing.F) {
	f.Add("prod-{build}", "43")
	f.Add("{env}/{build}-{short}-{date}", "20261122.3")
	f.Add("a..{build}", "x")
	f.Add("{build", "1")
	f.Fuzz(func(t *testing.T, tmpl, build string) {
		tp, err := ParseTemplate(tmpl)
		if err != nil || build == "" { // config refuses an empty build
			return
		}
		name := tp.Render(Vars{Build: build, Env: "production", SHA: strings.Repeat("ab", 20), Time: time.Unix(0, 0)})
		if CheckRefName(name) != nil {
			return
		}
		if strings.ContainsAny(name, " ~^:?*[\\\x7f") || strings.Contains(name, "..") || strings.Contains(name, "@{") {
			t.Fatalf("CheckRefName accepted %q", name)
		}
		if _, ok := tp.Match(name, "production"); !ok {
			t.Fatalf("%q rendered from %q does not match back", name, tmpl)
		}
	})
}

// FuzzCompareBuilds: the order is antisymmetric and never panics.
func FuzzCompareBuilds(f *testing.F) {
	f.Add("9", "10")
	f.Add("20261122.3", "20261122.12")
	f.Fuzz(func(t *testing.T, a, b string) {
		if CompareBuilds(a, b) != -CompareBuilds(b, a) {
			t.Fatalf("CompareBuilds(%q, %q) is not antisymmetric", a, b)
		}
	})
}
