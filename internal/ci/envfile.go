package ci

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf16"
)

// Env-file formats for --env-file.
const (
	FormatProperties = "properties" // java.util.Properties, for Jenkins' readProperties
	FormatDotenv     = "dotenv"     // GitLab's artifacts:reports:dotenv
)

// EnvFileKey is the key an output gets in an env file: "previous-release"
// becomes "HOTLANE_OUT_PREVIOUS_RELEASE". The OUT_ infix keeps the keys
// apart from hotlane's own HOTLANE_* settings, so a later job that inherits
// them is not reconfigured by them.
func EnvFileKey(output string) string {
	return "HOTLANE_OUT_" + strings.ToUpper(strings.ReplaceAll(output, "-", "_"))
}

// Output is one named value of a command's outputs.
type Output struct{ Name, Value string }

// RenderEnvFile renders outputs in format.
func RenderEnvFile(format string, outputs []Output) (string, error) {
	var b strings.Builder
	for _, o := range outputs {
		key := EnvFileKey(o.Name)
		switch format {
		case FormatDotenv:
			if strings.ContainsAny(o.Value, "\r\n") {
				return "", fmt.Errorf("output %s: a dotenv value cannot hold a line break", o.Name)
			}
			fmt.Fprintf(&b, "%s=%s\n", key, o.Value)
		default:
			fmt.Fprintf(&b, "%s=%s\n", escapeProperty(key, true), escapeProperty(o.Value, false))
		}
	}
	return b.String(), nil
}

// WriteEnvFile writes outputs to path, replacing what a previous run wrote,
// through a temporary file so a reader never sees half a file.
func WriteEnvFile(path, format string, outputs []Output) error {
	text, err := RenderEnvFile(format, outputs)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return fmt.Errorf("write env file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write env file: %w", err)
	}
	return nil
}

// escapeProperty escapes s as java.util.Properties.store does, so that
// Properties.load (and Jenkins' readProperties) reads back exactly s:
// backslash, separators (= and :), comment marks, line breaks, leading
// spaces, and anything outside printable ASCII as \uXXXX.
func escapeProperty(s string, isKey bool) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '=' || r == ':' || r == '#' || r == '!':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r == ' ' && (isKey || i == 0):
			b.WriteString(`\ `)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
