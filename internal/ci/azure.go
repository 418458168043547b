package ci

import (
	"fmt"
	"io"
	"strings"
)

// azure speaks Azure DevOps logging commands (##vso[...]) with the agent's
// escaping.
type azure struct{ w io.Writer }

func (a *azure) Name() string { return Azure }

// AzureEscapeData escapes a command's message the way the agent unescapes
// it: "%" first (as %AZP25), then CR and LF.
func AzureEscapeData(s string) string {
	s = strings.ReplaceAll(s, "%", "%AZP25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// AzureEscapeProperty escapes a command property value: the data escapes
// plus "]" and ";", which end a property list and a property.
func AzureEscapeProperty(s string) string {
	s = AzureEscapeData(s)
	s = strings.ReplaceAll(s, "]", "%5D")
	return strings.ReplaceAll(s, ";", "%3B")
}

// AzureOutputName maps an output name to a valid Azure DevOps variable
// name: Azure allows letters, digits, "." and "_", so "-" becomes "_".
func AzureOutputName(name string) string { return strings.ReplaceAll(name, "-", "_") }

func (a *azure) command(cmd string, props [][2]string, msg string) {
	var b strings.Builder
	b.WriteString("##vso[" + cmd)
	for i, p := range props {
		if i == 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s=%s;", p[0], AzureEscapeProperty(p[1]))
	}
	b.WriteString("]" + AzureEscapeData(msg) + "\n")
	_, _ = io.WriteString(a.w, b.String())
}

func (a *azure) Mask(secret string) {
	if secret != "" {
		a.command("task.setsecret", nil, secret)
	}
}

func (a *azure) SetOutput(name, value string) error {
	a.command("task.setvariable", [][2]string{{"variable", AzureOutputName(name)}, {"isOutput", "true"}}, value)
	return nil
}

func (a *azure) Annotate(level Level, msg string) {
	kind := "warning"
	if level == Error {
		kind = "error"
	}
	if level == Notice {
		_, _ = fmt.Fprintf(a.w, "%s\n", Neutralize(msg))
		return
	}
	a.command("task.logissue", [][2]string{{"type", kind}}, Neutralize(msg))
}

func (a *azure) Group(title string) func() {
	_, _ = fmt.Fprintf(a.w, "##[group]%s\n", Neutralize(title))
	return func() { _, _ = fmt.Fprintln(a.w, "##[endgroup]") }
}

func (a *azure) Summary(string) error { return nil }

func (a *azure) TagBuild(label string) {
	a.command("build.addbuildtag", nil, Neutralize(label))
}

// plain is Jenkins, GitLab and no CI: readable log lines, outputs through
// the env file only.
type plain struct {
	name string
	w    io.Writer
}

func (p *plain) Name() string                   { return p.name }
func (p *plain) Mask(string)                    {}
func (p *plain) SetOutput(string, string) error { return nil }
func (p *plain) Summary(string) error           { return nil }
func (p *plain) TagBuild(string)                {}

// Annotate prints notices and warnings as plain lines. Errors are left to
// the command's own error report, which a plain log shows anyway.
func (p *plain) Annotate(level Level, msg string) {
	if level == Error {
		return
	}
	prefix := map[Level]string{Notice: "note", Warning: "warning"}[level]
	_, _ = fmt.Fprintf(p.w, "%s: %s\n", prefix, Neutralize(msg))
}

// Group does nothing: Jenkins and plain logs have no collapsible sections.
func (p *plain) Group(string) func() { return func() {} }
