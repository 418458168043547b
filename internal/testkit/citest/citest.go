// Package citest owns the test-side readers of CI formats: they read
// hotlane's output back the way the GitHub runner and the Azure DevOps agent
// do, so tests check what a real pipeline would see.
package citest

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseGitHubFile reads a GITHUB_OUTPUT (or GITHUB_ENV) file as the runner
// does: NAME=VALUE lines, or NAME<<DELIMITER, value lines, DELIMITER. A
// name written twice is an error, as hotlane writes each output once.
func ParseGitHubFile(data string) (map[string]string, error) {
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		var name, value string
		if n, delim, ok := strings.Cut(lines[i], "<<"); ok && !strings.Contains(n, "=") {
			var values []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				values = append(values, lines[i])
			}
			if i == len(lines) {
				return nil, fmt.Errorf("heredoc %s is not closed by %s", n, delim)
			}
			name, value = n, strings.Join(values, "\n")
		} else {
			var ok bool
			if name, value, ok = strings.Cut(lines[i], "="); !ok {
				return nil, fmt.Errorf("invalid line %s", strconv.Quote(lines[i]))
			}
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("output %s written twice", name)
		}
		out[name] = value
	}
	return out, nil
}

// AzureCommand is one ##vso[...] logging command, unescaped.
type AzureCommand struct {
	Name       string
	Properties map[string]string
	Message    string
}

// ParseAzureCommand reads "##vso[name k=v;k=v]message" as the agent does,
// undoing its escapes (%AZP25, %0D, %0A, and in properties %3B and %5D).
func ParseAzureCommand(line string) (AzureCommand, error) {
	idx := strings.Index(line, "##vso[")
	if idx < 0 {
		return AzureCommand{}, fmt.Errorf("not a logging command: %q", line)
	}
	head, msg, ok := strings.Cut(line[idx+len("##vso["):], "]")
	if !ok {
		return AzureCommand{}, fmt.Errorf("logging command without ]: %q", line)
	}
	name, propText, _ := strings.Cut(head, " ")
	cmd := AzureCommand{Name: name, Properties: map[string]string{}, Message: azureUnescape(msg, false)}
	for _, kv := range strings.Split(propText, ";") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			cmd.Properties[strings.TrimSpace(k)] = azureUnescape(v, true)
		}
	}
	return cmd, nil
}

func azureUnescape(s string, property bool) string {
	if property {
		s = strings.ReplaceAll(s, "%3B", ";")
		s = strings.ReplaceAll(s, "%5D", "]")
	}
	s = strings.ReplaceAll(s, "%0D", "\r")
	s = strings.ReplaceAll(s, "%0A", "\n")
	return strings.ReplaceAll(s, "%AZP25", "%")
}
