// Package pins owns reading dependency and toolchain pins out of files and
// comparing their versions: what the backport gate needs to tell a hotfix
// that only moves pins the main line already has at the same or a newer
// version ("superseded") from one that changes anything else. Pure: it
// reads bytes the git engine hands it.
//
// The files it reads, chosen from what real release branches move
// (containerd, moby, helm, grpc-go, prometheus, istio):
//   - go.mod: require versions, the go directive and the toolchain line
//     (golang.org/x/mod's parser); go.sum and vendor/ follow a go.mod
//     changed in the same commit;
//   - version files holding one version and nothing else: *-version
//     (containerd's script/setup/runc-version), .go-version, .nvmrc,
//     .node-version, .python-version;
//   - Dockerfiles: FROM image:tag and ARG NAME=version;
//   - GitHub Actions workflows and actions: uses: owner/repo@ref, and keys
//     whose name says version (go-version:, GO_VERSION:);
//   - Makefiles: NAME ?= version (:=, =) for a name that says VERSION.
//
// A line whose only difference is such a version is a pin move; any other
// difference in the file is not.
package pins

import (
	"go/version"
	"path"
	"regexp"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// Kind is how a file's pins are read.
type Kind int

// The kinds of files with pins.
const (
	None        Kind = iota
	GoMod            // go.mod
	Follower         // go.sum, vendor/: follows a go.mod of the same commit
	VersionFile      // one version and nothing else
	Dockerfile
	Workflow
	Makefile
)

// KindOf says how the file at p is read for pins.
func KindOf(p string) Kind {
	base := path.Base(p)
	switch {
	case base == "go.mod":
		return GoMod
	case base == "go.sum" || base == "go.work.sum" || strings.HasPrefix(p, "vendor/") || strings.Contains(p, "/vendor/"):
		return Follower
	case strings.HasSuffix(base, "-version") || base == ".go-version" || base == ".nvmrc" || base == ".node-version" || base == ".python-version":
		return VersionFile
	case base == "Dockerfile" || strings.HasPrefix(base, "Dockerfile.") || strings.HasSuffix(base, ".Dockerfile") || base == "Containerfile":
		return Dockerfile
	case (strings.HasPrefix(p, ".github/workflows/") || strings.HasPrefix(p, ".github/actions/") || base == "action.yml" || base == "action.yaml") &&
		(strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")):
		return Workflow
	case base == "Makefile" || strings.HasSuffix(base, ".mk"):
		return Makefile
	}
	return None
}

// Pins maps a pin's name to its version.
type Pins map[string]string

// Read returns the pins of a file of kind k and its skeleton: the file
// with each pinned version taken out, which two versions of a file share
// exactly when they differ in pinned versions only. ok is false when the
// file cannot be read as kind k.
func Read(k Kind, data []byte) (pins Pins, skeleton string, ok bool) {
	switch k {
	case GoMod:
		return readGoMod(data)
	case VersionFile:
		v := strings.TrimSpace(string(data))
		if v == "" || strings.ContainsAny(v, " \t\n") || !comparable(v) {
			return nil, "", false
		}
		return Pins{"version": v}, "", true
	case Dockerfile, Workflow, Makefile:
		return readLines(k, string(data))
	}
	return nil, "", false
}

func readGoMod(data []byte) (Pins, string, bool) {
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return nil, "", false
	}
	pins := Pins{}
	if f.Go != nil {
		pins["go"] = f.Go.Version
	}
	if f.Toolchain != nil {
		pins["toolchain"] = strings.TrimPrefix(f.Toolchain.Name, "go")
	}
	for _, r := range f.Require {
		pins[r.Mod.Path] = r.Mod.Version
	}
	// the skeleton: everything but the pins (module path, replace,
	// exclude, retract, godebug)
	f.DropGoStmt()
	f.DropToolchainStmt()
	for _, r := range f.Require {
		_ = f.DropRequire(r.Mod.Path)
	}
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return nil, "", false
	}
	return pins, string(out), true
}

var (
	fromRE     = regexp.MustCompile(`^(\s*FROM\s+(?:--platform=\S+\s+)?)([^\s:@]+):([^\s@]+)(.*)$`)
	argRE      = regexp.MustCompile(`^(\s*ARG\s+)([A-Za-z_][A-Za-z0-9_]*)=("?)([^\s"]+)("?\s*)$`)
	usesRE     = regexp.MustCompile(`^(\s*-?\s*uses:\s*["']?)([^@\s"']+)@([^\s"'#]+)(.*)$`)
	yamlKeyRE  = regexp.MustCompile(`^(\s*-?\s*["']?([A-Za-z0-9_.-]*(?i:version)[A-Za-z0-9_.-]*)["']?:\s*["']?)([^\s"'#]+)(["']?\s*(?:#.*)?)$`)
	makeVarRE  = regexp.MustCompile(`^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*(?i:version)[A-Za-z0-9_]*)\s*[?:]?=\s*)(\S+)(\s*)$`)
	versionish = regexp.MustCompile(`^v?\d+(\.\d+)+([-+.][0-9A-Za-z.+-]*)?$|^v?\d+(\.x)?$`)
)

// readLines reads the pins of a file line by line.
func readLines(k Kind, text string) (Pins, string, bool) {
	pins := Pins{}
	var skel strings.Builder
	for _, line := range strings.Split(text, "\n") {
		name, v, rest := pinOf(k, line)
		if name == "" {
			skel.WriteString(line)
		} else {
			pins[name] = v
			skel.WriteString(rest)
		}
		skel.WriteByte('\n')
	}
	return pins, skel.String(), true
}

// pinOf reads the pin on one line: its name, its version and the line
// with the version taken out; name "" when the line pins nothing.
func pinOf(k Kind, line string) (name, v, rest string) {
	var m []string
	// each expression runs only on a line that has the words it needs:
	// most lines of a workflow or a Makefile have none
	switch k {
	case Dockerfile:
		if !strings.Contains(line, "FROM") && !strings.Contains(line, "ARG") {
			break
		}
		if m = fromRE.FindStringSubmatch(line); m != nil && versionish.MatchString(versionPart(m[3])) {
			return "FROM " + m[2], m[3], m[1] + m[2] + ":<v>" + m[4]
		}
		if m = argRE.FindStringSubmatch(line); m != nil && versionish.MatchString(versionPart(m[4])) {
			return "ARG " + m[2], m[4], m[1] + m[2] + "=" + m[3] + "<v>" + m[5]
		}
	case Workflow:
		if strings.Contains(line, "uses:") {
			if m = usesRE.FindStringSubmatch(line); m != nil {
				return "uses " + m[2], m[3], m[1] + m[2] + "@<v>"
			}
		}
		if mayNameVersion(line) {
			if m = yamlKeyRE.FindStringSubmatch(line); m != nil && versionish.MatchString(m[3]) {
				return strings.TrimSpace(m[2]), m[3], m[1] + "<v>" + m[4]
			}
		}
	case Makefile:
		if mayNameVersion(line) {
			if m = makeVarRE.FindStringSubmatch(line); m != nil && versionish.MatchString(m[3]) {
				return m[2], m[3], m[1] + "<v>" + m[4]
			}
		}
	}
	return "", "", ""
}

// mayNameVersion says whether line can hold "version" in any case, as
// (?i:version) matches it: an ASCII line must hold it folded to lower
// case; a line with other characters (the long s folds to s) is left to
// the expression.
func mayNameVersion(line string) bool {
	const word = "version"
	for i := 0; i < len(line); i++ {
		if line[i] >= 0x80 {
			return true
		}
	}
	for i := 0; i+len(word) <= len(line); i++ {
		j := 0
		for j < len(word) && line[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}

// versionPart is a Docker tag's version ("1.22.3" of "1.22.3-bookworm").
func versionPart(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		return tag[:i]
	}
	return tag
}

// comparable says whether v reads as a version.
func comparable(v string) bool { return versionish.MatchString(versionPart(v)) }

// AtLeast says whether version have is the same as or newer than want.
// Versions that do not read as versions (a commit sha an action is pinned
// to) are only equal to themselves. Docker tags compare by their version
// and must keep their suffix ("-bookworm").
func AtLeast(have, want string) bool {
	if have == want {
		return true
	}
	hv, wv := versionPart(have), versionPart(want)
	if !comparable(have) || !comparable(want) || strings.TrimPrefix(have, hv) != strings.TrimPrefix(want, wv) {
		return false
	}
	if gh, gw := "go"+strings.TrimPrefix(hv, "v"), "go"+strings.TrimPrefix(wv, "v"); version.IsValid(gh) && version.IsValid(gw) {
		return version.Compare(gh, gw) >= 0
	}
	sh, sw := "v"+strings.TrimPrefix(hv, "v"), "v"+strings.TrimPrefix(wv, "v")
	if semver.IsValid(sh) && semver.IsValid(sw) {
		return semver.Compare(sh, sw) >= 0
	}
	return false
}

// Satisfies says whether the candidate's version have of pin name, in a
// file of kind k, is the same as or newer than the lane's want. Go module
// versions compare as semantic versions (pseudo-versions included), the
// go directive and toolchain as Go versions, the rest by AtLeast.
func Satisfies(k Kind, name, have, want string) bool {
	if have == "" {
		return false
	}
	if k == GoMod {
		if name == "go" || name == "toolchain" {
			return version.IsValid("go"+have) && version.IsValid("go"+want) && version.Compare("go"+have, "go"+want) >= 0
		}
		return have == want || semver.IsValid(have) && semver.IsValid(want) && semver.Compare(have, want) >= 0
	}
	return AtLeast(have, want)
}
