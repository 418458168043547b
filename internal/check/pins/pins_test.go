package pins

import (
	"regexp"
	"strings"
	"testing"
)

func TestKindOf(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]Kind{
		"go.mod":                                GoMod,
		"api/go.mod":                            GoMod,
		"go.sum":                                Follower,
		"vendor/modules.txt":                    Follower,
		"script/setup/runc-version":             VersionFile,
		".go-version":                           VersionFile,
		"Dockerfile":                            Dockerfile,
		"contrib/Dockerfile.test":               Dockerfile,
		".github/workflows/ci.yml":              Workflow,
		".github/actions/install-go/action.yml": Workflow,
		"Makefile":                              Makefile,
		"version/version.go":                    None,
		"main.go":                               None,
		"docs/ci.yml":                           None,
	} {
		if got := KindOf(p); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestPinMoves: what Read finds, and that two versions of a file share a
// skeleton exactly when they differ in pinned versions only.
func TestPinMoves(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		kind     Kind
		old, new string
		moved    map[string]string // name → new version
		same     bool              // the skeletons are equal: pins are all that moved
	}{
		{"go.mod require", GoMod, "module x\n\ngo 1.22\n\nrequire golang.org/x/net v0.30.0\n", "module x\n\ngo 1.22\n\nrequire golang.org/x/net v0.31.0\n",
			map[string]string{"golang.org/x/net": "v0.31.0"}, true},
		{"go.mod toolchain", GoMod, "module x\n\ngo 1.22.0\n\ntoolchain go1.22.5\n", "module x\n\ngo 1.22.0\n\ntoolchain go1.22.8\n",
			map[string]string{"toolchain": "1.22.8"}, true},
		{"go.mod with a replace added: not only pins", GoMod, "module x\n\nrequire a.b/c v1.0.0\n", "module x\n\nrequire a.b/c v1.0.1\n\nreplace a.b/c => ../c\n",
			map[string]string{"a.b/c": "v1.0.1"}, false},
		{"a version file", VersionFile, "v1.1.12\n", "v1.1.13\n", map[string]string{"version": "v1.1.13"}, true},
		{"Dockerfile FROM and ARG", Dockerfile, "ARG GO_VERSION=1.22.5\nFROM golang:1.22.5-bookworm AS build\nRUN make\n",
			"ARG GO_VERSION=1.22.8\nFROM golang:1.22.8-bookworm AS build\nRUN make\n",
			map[string]string{"ARG GO_VERSION": "1.22.8", "FROM golang": "1.22.8-bookworm"}, true},
		{"Dockerfile with a RUN changed: not only pins", Dockerfile, "FROM alpine:3.19\nRUN apk add curl\n", "FROM alpine:3.20\nRUN apk add curl wget\n",
			map[string]string{"FROM alpine": "3.20"}, false},
		{"workflow uses and go-version", Workflow, "    - uses: actions/setup-go@v5\n      with:\n        go-version: 1.22.5\n",
			"    - uses: actions/setup-go@v5.1.0\n      with:\n        go-version: 1.22.8\n",
			map[string]string{"uses actions/setup-go": "v5.1.0", "go-version": "1.22.8"}, true},
		{"Makefile", Makefile, "GOLANGCI_VERSION ?= v1.59.1\nall:\n\tgo build\n", "GOLANGCI_VERSION ?= v1.60.0\nall:\n\tgo build\n",
			map[string]string{"GOLANGCI_VERSION": "v1.60.0"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			op, os, ok1 := Read(tt.kind, []byte(tt.old))
			np, ns, ok2 := Read(tt.kind, []byte(tt.new))
			if !ok1 || !ok2 {
				t.Fatalf("not read: %v %v", ok1, ok2)
			}
			if (os == ns) != tt.same {
				t.Errorf("skeletons equal %v, want %v:\n%q\n%q", os == ns, tt.same, os, ns)
			}
			for name, v := range tt.moved {
				if np[name] != v || op[name] == v {
					t.Errorf("%s: %q → %q, want → %q", name, op[name], np[name], v)
				}
			}
		})
	}
}

func TestSatisfies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind             Kind
		name, have, want string
		ok               bool
	}{
		{GoMod, "golang.org/x/net", "v0.31.0", "v0.30.0", true},
		{GoMod, "golang.org/x/net", "v0.30.0", "v0.30.0", true},
		{GoMod, "golang.org/x/net", "v0.29.0", "v0.30.0", false},
		{GoMod, "golang.org/x/net", "", "v0.30.0", false}, // a pin main lacks
		{GoMod, "k8s.io/x", "v0.0.0-20240201000000-abcdefabcdef", "v0.0.0-20240101000000-abcdefabcdef", true},
		{GoMod, "go", "1.23.0", "1.22.8", true},
		{GoMod, "toolchain", "1.22.5", "1.22.8", false},
		{VersionFile, "version", "v1.2.0", "v1.1.13", true},
		{VersionFile, "version", "v1.2.0-rc.1", "v1.1.13", false}, // a pre-release is not compared with a release
		{Dockerfile, "FROM golang", "1.23.2-bookworm", "1.22.8-bookworm", true},
		{Dockerfile, "FROM golang", "1.23.2-alpine", "1.22.8-bookworm", false}, // another image variant
		{Workflow, "uses actions/checkout", "v4.2.0", "v4.1.7", true},
		{Workflow, "uses actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "692973e3d937129bcbf40652eb9f2f61becf3332", false},
		{Workflow, "go-version", "1.23.x", "1.22.8", false}, // "x" is no version
	}
	for _, tt := range tests {
		if got := Satisfies(tt.kind, tt.name, tt.have, tt.want); got != tt.ok {
			t.Errorf("Satisfies(%v, %s, %q, %q) = %v, want %v", tt.kind, tt.name, tt.have, tt.want, got, tt.ok)
		}
	}
}

// anyVersion is what the guard mayNameVersion stands in front of.
var anyVersion = regexp.MustCompile(`(?i:version)`)

// TestMayNameVersion: the guard passes every line the expressions' word
// matches, in any case and with Unicode's folds (the long s).
func TestMayNameVersion(t *testing.T) {
	for _, line := range []string{"GO_VERSION := 1.22", "go-version: 1.22", "VeRsIoN", "verſion: 1", "xversionx", "  Version"} {
		if !mayNameVersion(line) {
			t.Errorf("mayNameVersion(%q) = false; (?i:version) matches it", line)
		}
	}
	for _, line := range []string{"GO_VERSIO := 1", "uses: actions/checkout@v4", "vers ion", ""} {
		if mayNameVersion(line) {
			t.Errorf("mayNameVersion(%q) = true; it cannot hold the word", line)
		}
	}
}

// FuzzRead: no file makes the pin readers panic, a file's skeleton is
// stable, every version read compares with itself, and the guard in front
// of the expressions passes every line they could match.
func FuzzRead(f *testing.F) {
	f.Add(byte(GoMod), "module x\n\ngo 1.22\n\nrequire golang.org/x/net v0.30.0\n")
	f.Add(byte(Dockerfile), "ARG GO_VERSION=1.22.5\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build\n")
	f.Add(byte(Workflow), "- uses: 'actions/setup-go@v5' # pinned\n  go-version: \"1.22.x\"\n")
	f.Add(byte(Makefile), "export GO_VERSION := 1.22\n")
	f.Add(byte(VersionFile), "v1.1.12\n")
	f.Fuzz(func(t *testing.T, kind byte, text string) {
		k := Kind(kind % 7)
		for _, line := range strings.Split(text, "\n") {
			if anyVersion.MatchString(line) && !mayNameVersion(line) {
				t.Fatalf("mayNameVersion(%q) = false; (?i:version) matches it", line)
			}
		}
		pins, skel, ok := Read(k, []byte(text))
		if !ok {
			return
		}
		_, again, _ := Read(k, []byte(text))
		if skel != again {
			t.Fatalf("unstable skeleton")
		}
		for name, v := range pins {
			if !Satisfies(k, name, v, v) {
				t.Errorf("%s %q does not satisfy itself", name, v)
			}
		}
	})
}
