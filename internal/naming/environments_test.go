package naming

import (
	"strings"
	"testing"
	"unicode"
)

func TestCollision(t *testing.T) {
	t.Parallel()
	given := func(raw string) TagTemplates { return GivenTagTemplate(MustParseTemplate(raw)) }
	tests := []struct {
		name string
		ts   TagTemplates
		a, b string
		want string // a phrase of the collision; "" when the tags stay apart
	}{
		{"staging and production", TagTemplates{}, "staging", Production, ""},
		{"qa and staging", TagTemplates{}, "qa", "staging", ""},
		{"prod renders production's tags", TagTemplates{}, "prod", Production, "prod's release 31 would be tagged prod-31 (template {env}-{build}), which production's template prod-{build} reads as production's release 31"},
		{"production's tags read as prod's, the other way round", TagTemplates{}, Production, "prod", "prod-31"},
		{"an environment that starts like production's tags", TagTemplates{}, "prod-eu", Production, "would be tagged prod-eu-31"},
		{"eu-prod stays apart", TagTemplates{}, "eu-prod", Production, ""},
		{"an environment that is a prefix of another", TagTemplates{}, "qa", "qa-1", "qa-1's release 31 would be tagged qa-1-31"},
		{"one template without {env} for two environments", given("v{build}"), Production, "staging", "would be tagged v31"},
		{"one template with {env}", given("{env}/{build}"), Production, "staging", ""},
		{"{env} joined by a dash, environments with dashes", given("{env}-{build}"), "eu", "eu-west", "eu-west-31"},
		{"the same environment", TagTemplates{}, "Production", Production, ""},
		{"a dated template", given("{env}-{date}-{build}"), "a", "b", ""},
	}
	for _, tt := range tests {
		got := tt.ts.Collision(tt.a, tt.b)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: Collision(%s, %s) = %q, want %q", tt.name, tt.a, tt.b, got, tt.want)
		}
		if back := tt.ts.Collision(tt.b, tt.a); (back == "") != (got == "") {
			t.Errorf("%s: Collision is not symmetric: %q one way, %q the other", tt.name, got, back)
		}
	}
	err := TagTemplates{}.CheckEnvironments([]string{"staging", Production, "qa", "prod"})
	if err == nil || !strings.Contains(err.Error(), "environments production and prod cannot be told apart") {
		t.Errorf("CheckEnvironments: %v", err)
	}
	if err := (TagTemplates{}).CheckEnvironments([]string{"staging", Production, "qa"}); err != nil {
		t.Errorf("CheckEnvironments of apart environments: %v", err)
	}
}

func TestCheckEnvironment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want string // a phrase of the error; "" when valid
	}{
		{"production", ""}, {"staging", ""}, {"eu-west-1.canary", ""}, {"QA_2", ""}, {"9lives", ""},
		{strings.Repeat("a", MaxEnvironment), ""},
		{"", "empty"},
		{strings.Repeat("a", MaxEnvironment+1), "longer than 64"},
		{"pro duction", "one word"},
		{"-prod", "one word"},
		{".prod", "one word"},
		{"a..b", `".."`},
		{"prod/eu", "one word"},
		{"prod\n", "control character U+000A"},
		{"stag\u202eing", "invisible character U+202E"},
		{"stag\u200bing", "invisible character U+200B"},
		{"stag\u2066ing", "invisible character U+2066"},
		{"stäging", "one word"},
		{"\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		err := CheckEnvironment(tt.name)
		if (tt.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckEnvironment(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
	if !SameEnvironment("Production", " production") || SameEnvironment("prod", Production) {
		t.Error("SameEnvironment compares names case-insensitively, and nothing more")
	}
	if CanonicalEnvironment(" Staging ") != "staging" {
		t.Errorf("CanonicalEnvironment = %q", CanonicalEnvironment(" Staging "))
	}
}

// TestNamesRefuseInvisibleCharacters: a bidi control, a zero-width
// character, a tag character or a line separator in a name makes it read
// as something it is not; every name hotlane writes refuses them (git
// would take them).
func TestNamesRefuseInvisibleCharacters(t *testing.T) {
	t.Parallel()
	for _, r := range []rune{0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xE0041, 0x2028, 0x2029, 0x0085, 0x001B} {
		name := "hotfix/4" + string(r) + "3"
		if err := CheckRefName(name); err == nil || !strings.Contains(err.Error(), "U+") {
			t.Errorf("CheckRefName(%q) = %v, want the character named", name, err)
		}
		if err := CheckBuild("4" + string(r) + "3"); err == nil {
			t.Errorf("CheckBuild accepted %U", r)
		}
		if !Invisible(r) {
			t.Errorf("Invisible(%U) = false", r)
		}
	}
	for _, r := range []rune{'a', 'ü', 'ß', '-', '.', '/', '漢', '😀'} {
		if Invisible(r) {
			t.Errorf("Invisible(%q) = true", r)
		}
	}
	if err := CheckRefName("hotfix/\xff"); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("CheckRefName of invalid UTF-8: %v", err)
	}
	if err := CheckBuild("4 3"); err == nil {
		t.Error("CheckBuild accepted white space")
	}
}

// TestEnvMatchesInAnyCase: a tag written before environment names were
// lower-cased still belongs to its environment.
func TestEnvMatchesInAnyCase(t *testing.T) {
	t.Parallel()
	tmpl := MustParseTemplate("{env}-{build}")
	if build, ok := tmpl.Match("Staging-46", "staging"); !ok || build != "46" {
		t.Errorf("Match(Staging-46, staging) = %q, %v", build, ok)
	}
	if _, ok := tmpl.Match("staging-46", "qa"); ok {
		t.Error("qa's template matched staging's tag")
	}
}

// TestInvisibleAsUnicodeSays: Invisible answers every rune as the Unicode
// tables do, its ASCII shortcut included.
func TestInvisibleAsUnicodeSays(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := Invisible(r), unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp); got != want {
			t.Fatalf("Invisible(%U) = %v, the tables say %v", r, got, want)
		}
	}
}
