package policy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"gopkg.in/yaml.v3"
)

// The published JSON schema of the policy file, for editors and linters.
const schemaPath = "../../docs/hotlane.schema.json"

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	return schema
}

// TestSchemaKeysAreTheParsers: every key the parser knows is in the
// schema, and the schema knows no other.
func TestSchemaKeysAreTheParsers(t *testing.T) {
	t.Parallel()
	var got []string
	var walk func(s map[string]any, path string)
	walk = func(s map[string]any, path string) {
		if props, ok := s["properties"].(map[string]any); ok {
			for key, sub := range props {
				got = append(got, join(path, key))
				walk(sub.(map[string]any), join(path, key))
			}
		}
		if extra, ok := s["additionalProperties"].(map[string]any); ok {
			got = append(got, join(path, "*"))
			walk(extra, join(path, "*"))
		}
		if items, ok := s["items"].(map[string]any); ok {
			walk(items, path+"[]")
		}
	}
	walk(loadSchema(t), "")
	sort.Strings(got)
	if want := Keys(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the schema's keys:\n%s\nthe parser's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestExamplesValidate: every policy file the repository shows (the
// manual's examples, the README's, the stories' files that the parser
// accepts) is valid against the schema; and files the schema must refuse
// are refused by it.
func TestExamplesValidate(t *testing.T) {
	t.Parallel()
	schema := loadSchema(t)
	examples := map[string]string{}
	docs, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range append(docs, "../../README.md") {
		for i, block := range policyBlocks(t, doc) {
			examples[fmt.Sprintf("%s block %d", doc, i)] = block
			if _, err := Parse([]byte(block)); err != nil {
				t.Errorf("%s: a policy example the parser refuses: %v\n%s", doc, err, block)
			}
		}
	}
	if len(examples) < 3 {
		t.Fatalf("only %d examples in the docs", len(examples))
	}
	stories, err := filepath.Glob("../../cmd/hotlane/testdata/script/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, story := range stories {
		a, err := txtar.ParseFile(story)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yml") || strings.HasSuffix(f.Name, ".yaml") {
				if _, err := Parse(f.Data); err == nil {
					examples[filepath.Base(story)+" "+f.Name] = string(f.Data)
				}
			}
		}
	}
	for name, text := range examples {
		var doc any
		if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if problems := validate(schema, doc, ""); len(problems) > 0 {
			t.Errorf("%s is not valid against the schema: %s", name, strings.Join(problems, "; "))
		}
	}
	for _, bad := range []string{"defaults:\n  branch-templte: x/{build}\n", "waivers:\n  - sha: abc\n    reason: x\n", "waivers:\n  - paths: [a]\n",
		"promotion:\n  production: staging\n", "defaults:\n  strict: \"yes\"\n", "retired-lanes:\n  - lane: hotfix/1\n", "colour: blue\n",
		"promotion:\n  \"production \": [staging]\n"} {
		var doc any
		if err := yaml.Unmarshal([]byte(bad), &doc); err != nil {
			t.Fatal(err)
		}
		if len(validate(schema, doc, "")) == 0 {
			t.Errorf("the schema accepts %q", bad)
		}
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("the parser accepts %q", bad)
		}
	}
}

// policyBlocks are the ```yaml blocks of a markdown file that are policy
// files: those whose first line is "# .hotlane.yml".
func policyBlocks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if strings.HasPrefix(m[1], "# "+Name+"\n") {
			blocks = append(blocks, m[1])
		}
	}
	return blocks
}

// validate checks value against the subset of JSON Schema the published
// schema uses; a keyword it does not know fails, so the schema cannot
// say more than this test checks.
func validate(s map[string]any, value any, path string) []string {
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s: %s", cmpPath(path), fmt.Sprintf(format, args...)))
	}
	for kw := range s {
		switch kw {
		case "$schema", "$id", "title", "description", "type", "properties", "additionalProperties", "required", "items",
			"minLength", "pattern", "propertyNames":
		default:
			bad("unknown schema keyword %q", kw)
		}
	}
	if !typeMatches(s["type"], value) {
		bad("want %v, got %T", s["type"], value)
		return problems
	}
	switch v := value.(type) {
	case map[string]any:
		problems = append(problems, validateObject(s, v, path)...)
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, item := range v {
				problems = append(problems, validate(items, item, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case string:
		if n, ok := s["minLength"].(float64); ok && len(v) < int(n) {
			bad("shorter than %v", n)
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			bad("%q does not match %s", v, p)
		}
	}
	return problems
}

func validateObject(s map[string]any, v map[string]any, path string) []string {
	var problems []string
	props, _ := s["properties"].(map[string]any)
	for _, r := range asList(s["required"]) {
		if _, ok := v[r.(string)]; !ok {
			problems = append(problems, fmt.Sprintf("%s: %q is required", cmpPath(path), r))
		}
	}
	for key, val := range v {
		if names, ok := s["propertyNames"].(map[string]any); ok {
			problems = append(problems, validate(names, key, join(path, key))...)
		}
		if sub, ok := props[key].(map[string]any); ok {
			problems = append(problems, validate(sub, val, join(path, key))...)
			continue
		}
		switch extra := s["additionalProperties"].(type) {
		case bool:
			if !extra {
				problems = append(problems, fmt.Sprintf("%s: unknown key %q", cmpPath(path), key))
			}
		case map[string]any:
			problems = append(problems, validate(extra, val, join(path, key))...)
		}
	}
	return problems
}

func typeMatches(want, value any) bool {
	if want == nil {
		return true
	}
	for _, t := range asList(want) {
		switch t {
		case "object":
			if _, ok := value.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := value.([]any); ok {
				return true
			}
		case "string":
			if _, ok := value.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := value.(bool); ok {
				return true
			}
		case "null":
			if value == nil {
				return true
			}
		}
	}
	return false
}

func asList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{v}
}

func cmpPath(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}
