package suggest

import (
	"slices"
	"testing"
)

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"build", "build", 0},
		{"bulid", "build", 1}, // a swap
		{"enviroment", "environment", 1},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment, not full Damerau
		{"tag_tempalte", "tag_template", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	flags := []string{"build", "branch-template", "commit", "dry-run", "environment", "env-file", "env-file-format", "main", "mode", "tag-template", "token"}
	tests := []struct {
		name string
		want []string
	}{
		{"bulid", []string{"build"}},
		{"BULID", []string{"build"}},
		{"enviroment", []string{"environment"}},
		{"tag-tempalte", []string{"tag-template"}},
		{"mian", []string{"main"}},
		{"mde", []string{"mode"}},
		{"dry", []string{"dry-run"}},                                    // a prefix
		{"env", []string{"env-file", "env-file-format", "environment"}}, // prefixes, sorted
		{"xyz", nil},
		{"zz", nil}, // too short to be a prefix hint
		{"completely-different", nil},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, flags); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPhrase(t *testing.T) {
	t.Parallel()
	flag := func(s string) string { return "--" + s }
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{nil, ""},
		{[]string{"build"}, "did you mean --build?"},
		{[]string{"a", "b"}, "did you mean --a or --b?"},
		{[]string{"a", "b", "c"}, "did you mean --a, --b or --c?"},
	} {
		if got := Phrase(tt.names, flag); got != tt.want {
			t.Errorf("Phrase(%q) = %q, want %q", tt.names, got, tt.want)
		}
	}
}
