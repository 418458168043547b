package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"

	"github.com/hotlane/hotlane/internal/policy"
)

// The templates: templates/<ci>/<path in the repository>.tmpl, and the
// policy file all CIs share. Their placeholders are {% %}, so that the
// CIs' own ${{ }}, $[[ ]] and $( ) stay as written.
//
//go:embed all:templates
var templates embed.FS

// CIs are the CI systems init writes for, each with its name for people.
var CIs = map[string]string{
	"github":  "GitHub Actions",
	"gitlab":  "GitLab CI/CD",
	"azure":   "Azure Pipelines",
	"jenkins": "Jenkins",
}

// Values are what the templates say about the repository.
type Values struct {
	Main string // the main-line branch
	// PinMain says the pipelines name the main line (HOTLANE_MAIN, the
	// action's main input): it is not the remote's HEAD branch, which
	// hotlane finds by itself.
	PinMain        bool
	Version        string // the hotlane release installed: v1.2.3, or "" for the newest of Major
	BranchTemplate string // given: written into the policy's defaults
	TagTemplate    string
}

// File is one file init writes: its path in the repository (slash
// separated) and its content.
type File struct {
	Path    string
	Content []byte
}

var releaseVersion = regexp.MustCompile(`^v(\d+)\.\d+\.\d+$`)

// Plan renders the files for ci: its pipeline file and the policy file.
// Pure.
func Plan(ci string, v Values) ([]File, error) {
	if _, ok := CIs[ci]; !ok {
		return nil, fmt.Errorf("no pipeline for --ci %q: want github, gitlab, azure or jenkins", ci)
	}
	data := templateData{Values: v, Major: "v1", Install: v.Version}
	if m := releaseVersion.FindStringSubmatch(v.Version); m != nil {
		data.Major = "v" + m[1]
	} else {
		data.Install = data.Major // a development build: the newest release of the major version
	}
	data.MajorNumber = strings.TrimPrefix(data.Major, "v")
	var files []File
	err := fs.WalkDir(templates, "templates/"+ci, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := render(name, strings.TrimPrefix(strings.TrimSuffix(name, ".tmpl"), "templates/"+ci+"/"), data)
		files = append(files, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	pol, err := render("templates/hotlane.yml.tmpl", policy.Name, data)
	if err != nil {
		return nil, err
	}
	if _, err := policy.Parse(pol.Content); err != nil {
		return nil, fmt.Errorf("the policy file init writes does not read back: %w", err)
	}
	return append(files, pol), nil
}

// templateData is what a template sees.
type templateData struct {
	Values
	Major       string // the action's and the components' major version: v1
	MajorNumber string // 1
	Install     string // the release an installer fetches: v1.2.3, or the major version
}

var funcs = template.FuncMap{
	"yaml":   yamlString,
	"groovy": groovyString,
	"filter": githubFilter,
}

func render(name, target string, data templateData) (File, error) {
	text, err := templates.ReadFile(name)
	if err != nil {
		return File{}, err
	}
	t, err := template.New(path.Base(name)).Delims("{%", "%}").Option("missingkey=error").Funcs(funcs).Parse(string(text))
	if err != nil {
		return File{}, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return File{}, fmt.Errorf("template %s: %w", name, err)
	}
	return File{Path: target, Content: b.Bytes()}, nil
}

// yamlString is s as a YAML scalar that reads back as s: a branch named
// "*x" or "yes" stays a string.
func yamlString(s string) string {
	var n yaml.Node
	n.SetString(s)
	n.Style = yaml.DoubleQuotedStyle
	out, err := yaml.Marshal(&n)
	if err != nil {
		panic(err) // a string always marshals
	}
	return strings.TrimSuffix(string(out), "\n")
}

// groovyString is s as a single-quoted Groovy string.
func groovyString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// githubFilter is a branch name as a literal GitHub Actions branch
// filter, as a YAML scalar: the filter's special characters escaped.
func githubFilter(s string) string {
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune("*?+[]", r) || r == '!' && i == 0 {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return yamlString(b.String())
}
