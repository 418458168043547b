//go:build validators

package pipelinecheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hotlaneReleases is a release history: v1 and v2 lines, a prerelease and
// a draft newer than every stable release, and more than a page (100) of
// old v0 releases, the highest of which is listed last, on the second page.
func hotlaneReleases() []release {
	rs := []release{
		{tag: "v3.1.0", draft: true}, {tag: "v3.0.0", prerelease: true},
		{tag: "v2.0.0"}, {tag: "v1.10.0"}, {tag: "v1.2.3"}, {tag: "v1.2.0"}, {tag: "v1.1.0"},
	}
	for i := 104; i >= 1; i-- {
		rs = append(rs, release{tag: fmt.Sprintf("v0.0.%d", i)})
	}
	rs = append(rs, release{tag: "v0.9.0"})
	for i := range rs {
		rs[i].commit = fakeCommit(rs[i].tag)
	}
	return rs
}

// TestInstallerResolvesVersions: install.sh resolves every form a user
// writes against the release list of a locally served release layout, and
// installs exactly that release's binary.
func TestInstallerResolvesVersions(t *testing.T) {
	t.Parallel()
	srv := newReleaseServer(t, hotlaneReleases(), map[string]string{"v1": fakeCommit("v1.10.0"), "v1.2": fakeCommit("v1.2.3")})
	tests := []struct{ version, want string }{
		{"v1", "v1.10.0"}, {"1", "v1.10.0"}, {"1.x", "v1.10.0"}, {"v1.x", "v1.10.0"},
		{"v1.2", "v1.2.3"}, {"1.2", "v1.2.3"}, {"1.2.x", "v1.2.3"},
		{"v1.2.3", "v1.2.3"}, {"1.2.0", "v1.2.0"},
		{"latest", "v2.0.0"}, // not the prerelease v3.0.0, not the draft v3.1.0
		{"v0", "v0.9.0"},     // found on the second page
		{fakeCommit("v1.2.3"), "v1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "bin")
			out, err := runInstaller(t, srv.Env(), tt.version, dir)
			if err != nil {
				t.Fatalf("install.sh %s: %v\n%s", tt.version, err, out)
			}
			if got := installed(t, dir); got != "hotlane "+tt.want {
				t.Errorf("install.sh %s installed %q, want hotlane %s\n%s", tt.version, got, tt.want, out)
			}
			if !strings.Contains(out, "installed hotlane "+tt.want) {
				t.Errorf("the log does not say which release was installed:\n%s", out)
			}
		})
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r, "/v3.") || strings.Contains(r, "/v1.1.0/") {
			t.Errorf("downloaded a release nobody asked for: %s", r)
		}
	}
	if len(srv.Auth()) != 0 {
		t.Errorf("a token was sent to a server that is not api.github.com: %q", srv.Auth())
	}
}

// TestInstallerFullVersionNeedsNoList: a full version downloads its two
// files and never reads the release list; a second install comes from the
// tool cache without any request.
func TestInstallerFullVersionNeedsNoList(t *testing.T) {
	t.Parallel()
	srv := newReleaseServer(t, hotlaneReleases(), nil)
	cache := t.TempDir()
	env := append(srv.Env(), "HOTLANE_TOOL_CACHE="+cache, "HOTLANE_INSTALL_TOKEN=secret-token-4242")
	for i := 0; i < 2; i++ {
		dir := filepath.Join(t.TempDir(), "bin")
		out, err := runInstaller(t, env, "v1.2.3", dir)
		if err != nil || installed(t, dir) != "hotlane v1.2.3" {
			t.Fatalf("install %d: %v\n%s", i, err, out)
		}
		if i == 1 && !strings.Contains(out, "from the tool cache") {
			t.Errorf("the second install did not come from the tool cache:\n%s", out)
		}
	}
	want := []string{"/download/v1.2.3/checksums.txt", "/download/v1.2.3/" + archiveName()}
	if got := srv.Requests(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("requests %q, want %q", got, want)
	}
	if !exists(filepath.Join(cache, "hotlane", "1.2.3", "x64.complete")) && !exists(filepath.Join(cache, "hotlane", "1.2.3", "arm64.complete")) {
		t.Error("the tool cache has no completed hotlane/1.2.3 entry")
	}
	if len(srv.Auth()) != 0 {
		t.Errorf("HOTLANE_INSTALL_TOKEN was sent to a server that is not api.github.com: %q", srv.Auth())
	}
}

// TestInstallerRefusesTamperedArchives: an archive whose sum is not the one
// checksums.txt lists is refused, and nothing is installed or cached.
func TestInstallerRefusesTamperedArchives(t *testing.T) {
	t.Parallel()
	rs := hotlaneReleases()
	for i := range rs {
		rs[i].tampered = rs[i].tag == "v1.10.0"
	}
	srv := newReleaseServer(t, rs, nil)
	cache := t.TempDir()
	for _, version := range []string{"v1.10.0", "v1"} {
		dir := filepath.Join(t.TempDir(), "bin")
		out, err := runInstaller(t, append(srv.Env(), "HOTLANE_TOOL_CACHE="+cache), version, dir)
		if err == nil || !strings.Contains(out, "checksum mismatch") || !strings.Contains(out, "nothing was installed") {
			t.Errorf("install.sh %s accepted a tampered archive: %v\n%s", version, err, out)
		}
		if exists(filepath.Join(dir, "hotlane")) || exists(filepath.Join(cache, "hotlane")) {
			t.Errorf("install.sh %s installed or cached a tampered binary", version)
		}
	}
}

// TestInstallerRefusesHostileInput: a version that is not a version, or a
// plain-http source not allowed explicitly, is refused (exit 2) before any
// network call.
func TestInstallerRefusesHostileInput(t *testing.T) {
	t.Parallel()
	srv := newReleaseServer(t, hotlaneReleases(), nil)
	for _, version := range []string{"1.2.3; rm -rf /", "$(touch pwned)", "v1.2.3\nlatest", "../v1.2.3", "v1.2.3/../../x", "v1..2", "v", "1.2.3.4",
		"v1.2.3-rc.1", "main", "LATEST", "0" + fakeCommit("x")[1:] + "0", "v01.2.3"} {
		dir := filepath.Join(t.TempDir(), "bin")
		out, err := runInstaller(t, srv.Env(), version, dir)
		if code := exitCode(err); code != 2 || !strings.Contains(out, "is not one of") {
			t.Errorf("install.sh %q: exit %d, want 2 with the accepted forms\n%s", version, code, out)
		}
	}
	for _, env := range [][]string{
		{"HOTLANE_DOWNLOAD_BASE=" + srv.Base(), "HOTLANE_RELEASES_API=" + srv.API()},                // http, not allowed
		{"HOTLANE_DOWNLOAD_BASE=ftp://mirror.example/hotlane", "HOTLANE_RELEASES_API=" + srv.API()}, // not a web URL
	} {
		out, err := runInstaller(t, env, "v1.2.3", filepath.Join(t.TempDir(), "bin"))
		if code := exitCode(err); code != 2 || !strings.Contains(out, "https") {
			t.Errorf("install.sh with %q: exit %d, want 2 naming https\n%s", env, code, out)
		}
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("refused input still reached the network: %q", got)
	}
}

// TestInstallerNamesAMissingRelease: a version no release matches fails
// with exit 1 and says so; a release list that cannot be read (a rate
// limit, a wrong mirror) fails naming the list and the way out.
func TestInstallerNamesAMissingRelease(t *testing.T) {
	t.Parallel()
	srv := newReleaseServer(t, hotlaneReleases(), nil)
	for _, version := range []string{"v4", "1.3", fakeCommit("nowhere")} {
		out, err := runInstaller(t, srv.Env(), version, filepath.Join(t.TempDir(), "bin"))
		if code := exitCode(err); code != 1 || !strings.Contains(out, "no release matches") {
			t.Errorf("install.sh %s: exit %d\n%s", version, code, out)
		}
	}
	env := []string{"HOTLANE_DOWNLOAD_BASE=" + srv.Base(), "HOTLANE_RELEASES_API=" + srv.URL + "/nowhere", "HOTLANE_INSTALL_ALLOW_HTTP=1"}
	out, err := runInstaller(t, env, "1", filepath.Join(t.TempDir(), "bin"))
	if code := exitCode(err); code != 1 || !strings.Contains(out, "cannot read the release list") || !strings.Contains(out, "HOTLANE_INSTALL_TOKEN") {
		t.Errorf("an unreadable release list: exit %d\n%s", code, out)
	}
}

// TestInstallerUnderBusybox runs the installer as an alpine image (the
// GitLab components' default) would: busybox's sh, wget, awk, sed, grep,
// sort, tar and sha256sum, and no curl.
func TestInstallerUnderBusybox(t *testing.T) {
	t.Parallel()
	busybox, err := exec.LookPath("busybox")
	if err != nil {
		t.Fatalf("the alpine check needs busybox (apt-get install busybox): %v", err)
	}
	tools := t.TempDir()
	for _, applet := range []string{"sh", "wget", "awk", "sed", "grep", "sort", "tar", "gzip", "sha256sum", "mktemp", "uname", "cp", "mv",
		"chmod", "mkdir", "rm", "cat", "tail", "head", "printf", "tr"} {
		if err := os.Symlink(busybox, filepath.Join(tools, applet)); err != nil {
			t.Fatal(err)
		}
	}
	srv := newReleaseServer(t, hotlaneReleases(), nil)
	dir := filepath.Join(t.TempDir(), "bin")
	cmd := exec.Command(filepath.Join(tools, "sh"), filepath.Join(root(t), "pipelines", "install.sh"), "1.2", dir)
	cmd.Env = append(srv.Env(), "PATH="+tools, "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "installed hotlane v1.2.3") {
		t.Fatalf("install.sh under busybox: %v\n%s", err, out)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "hotlane")); err != nil || !strings.Contains(string(got), "echo hotlane v1.2.3") {
		t.Errorf("installed %q (%v)", got, err)
	}
}
