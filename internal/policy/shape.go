package policy

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/suggest"
)

// kind is what a node of the file must be.
type kind int

const (
	mapping kind = iota // known keys
	table               // free keys (environment names), each value of one shape
	list
	text
	boolean
)

// shape is what a part of the file must look like: the one description of
// the file, derived from the Go type it is decoded into, that both the
// file's checks and the published JSON schema's test read.
type shape struct {
	kind   kind
	fields []field // mapping: the known keys, in the file's order
	elem   *shape  // table and list: each value's shape
}

type field struct {
	key   string
	shape *shape
}

// fileShape is the policy file's shape.
var fileShape = shapeOf(reflect.TypeOf(fileYAML{}))

// shapeOf reads a shape from the yaml tags of a Go type.
func shapeOf(t reflect.Type) *shape {
	switch t.Kind() {
	case reflect.Pointer:
		return shapeOf(t.Elem())
	case reflect.Struct:
		s := &shape{kind: mapping}
		for i := 0; i < t.NumField(); i++ {
			key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			s.fields = append(s.fields, field{key: key, shape: shapeOf(t.Field(i).Type)})
		}
		return s
	case reflect.Slice:
		return &shape{kind: list, elem: shapeOf(t.Elem())}
	case reflect.Map:
		return &shape{kind: table, elem: shapeOf(t.Elem())}
	case reflect.Bool:
		return &shape{kind: boolean}
	}
	return &shape{kind: text}
}

// Keys lists every key the file may hold, as paths in the file's words:
// "defaults.branch-template", "waivers[].reason", "promotion.*" (a free
// key: an environment's name).
func Keys() []string {
	var out []string
	var walk func(s *shape, path string)
	walk = func(s *shape, path string) {
		switch s.kind {
		case mapping:
			for _, f := range s.fields {
				p := join(path, f.key)
				out = append(out, p)
				walk(f.shape, p)
			}
		case table:
			p := join(path, "*")
			out = append(out, p)
			walk(s.elem, p)
		case list:
			walk(s.elem, path+"[]")
		}
	}
	walk(fileShape, "")
	sort.Strings(out)
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (k kind) want() string {
	return map[kind]string{mapping: "a mapping (key: value)", table: "a mapping (key: value)", list: "a list",
		text: "text", boolean: "true or false"}[k]
}

// checker gathers what is wrong with the file's shape.
type checker struct {
	problems []string
	// aliases says the file holds an anchor or an alias: it is not
	// decoded at all (an alias can multiply a small file into a huge one).
	aliases bool
}

func (c *checker) bad(n *yaml.Node, path, format string, args ...any) {
	where := ""
	if path != "" {
		where = path + ": "
	}
	c.problems = append(c.problems, fmt.Sprintf("%s line %d: %s%s", Name, n.Line, where, fmt.Sprintf(format, args...)))
}

// check reports where node is not what s says, in the file's words:
// unknown keys (with the closest known one), keys given twice, values of
// the wrong kind, and anchors or aliases, which the file does not take.
func (c *checker) check(node *yaml.Node, s *shape, path string) {
	if node.Kind == yaml.AliasNode || node.Anchor != "" {
		c.aliases = true
		c.bad(node, path, "anchors and aliases (&name, *name) are not accepted: write the value out")
		return
	}
	if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
		return // "key:" with nothing: not given
	}
	switch s.kind {
	case mapping, table:
		if node.Kind != yaml.MappingNode {
			c.bad(node, path, "want %s", s.kind.want())
			return
		}
		c.mapping(node, s, path)
	case list:
		if node.Kind != yaml.SequenceNode {
			c.bad(node, path, "want %s", s.kind.want())
			return
		}
		for i, item := range node.Content {
			c.check(item, s.elem, fmt.Sprintf("%s[%d]", path, i))
		}
	case boolean:
		if node.Kind != yaml.ScalarNode || node.Tag != "!!bool" {
			c.bad(node, path, "want true or false")
		}
	case text:
		if node.Kind != yaml.ScalarNode {
			c.bad(node, path, "want text")
		}
	}
}

func (c *checker) mapping(node *yaml.Node, s *shape, path string) {
	seen := map[string]int{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if k.Kind == yaml.AliasNode || k.Anchor != "" {
			c.aliases = true
		}
		if k.Kind != yaml.ScalarNode || k.Anchor != "" {
			c.bad(k, path, "a key must be plain text")
			continue
		}
		if line, twice := seen[k.Value]; twice {
			c.bad(k, path, "key %q is given twice (first at line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if s.kind == table {
			c.check(v, s.elem, join(path, k.Value))
			continue
		}
		f, ok := s.field(k.Value)
		if !ok {
			c.bad(k, path, "%s", unknownKey(k.Value, s))
			continue
		}
		c.check(v, f.shape, join(path, k.Value))
	}
}

func (s *shape) field(key string) (field, bool) {
	for _, f := range s.fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// unknownKey names an unknown key and the known key it most likely meant.
func unknownKey(key string, s *shape) string {
	known := make([]string, 0, len(s.fields))
	for _, f := range s.fields {
		known = append(known, f.key)
	}
	if near := suggest.Closest(key, known); near != nil {
		return fmt.Sprintf("unknown key %q: %s", key, suggest.Phrase(near, strconv.Quote))
	}
	return fmt.Sprintf("unknown key %q (known here: %s)", key, strings.Join(known, ", "))
}
