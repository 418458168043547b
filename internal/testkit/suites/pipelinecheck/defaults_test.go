package pipelinecheck

import (
	"strings"
	"testing"

	"github.com/hotlane/hotlane/internal/config"
)

// TestDefaultsAreConfigs: config owns every built-in default. The
// configuration table's row of a setting shows its default as config has
// it, and the action's input of it states no other: an input whose
// description names a default names config's, and no input of a setting
// sets a value of its own (it would shadow HOTLANE_* and the policy file),
// but the token, which the action takes from the workflow as the CI's own.
func TestDefaultsAreConfigs(t *testing.T) {
	t.Parallel()
	where, doc := configTable(t)
	a := readAction(t)
	checked := 0
	for _, key := range config.Keys() {
		name := config.FlagName(key)
		setting, _ := config.Lookup(name)
		def := setting.Default
		input, _ := a.Inputs[name].(map[string]any)
		if v, ok := input["default"]; ok && name != "token" {
			t.Errorf("action.yml input %s has a default of its own (%v): config decides it", name, v)
		}
		if def == "" {
			continue
		}
		checked++
		row := tableRow(doc, name)
		if row == "" {
			t.Errorf("%s has no row for --%s", where, name)
		} else if !strings.Contains(row, "`"+def+"`") {
			t.Errorf("%s: the row of --%s does not show its default `%s`: %s", where, name, def, row)
		}
		if desc, _ := input["description"].(string); strings.Contains(desc, "default") && !strings.Contains(desc, def) {
			t.Errorf("action.yml input %s names a default other than config's %q: %s", name, def, desc)
		}
	}
	if checked < 8 {
		t.Errorf("only %d settings have a default in config", checked)
	}
}

// tableRow is the row of the configuration table whose first cell names
// --name ("" when none does).
func tableRow(doc, name string) string {
	for _, line := range strings.Split(doc, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(line, "|") {
			continue
		}
		if first := cells[1]; strings.Contains(first, "`--"+name+"`") || strings.Contains(first, "`--"+name+" ") {
			return line
		}
	}
	return ""
}
