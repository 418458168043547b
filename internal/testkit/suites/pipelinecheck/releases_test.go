//go:build validators

package pipelinecheck

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// release is one release a releaseServer publishes.
type release struct {
	tag               string
	commit            string // what the tag points at
	prerelease, draft bool
	binary            []byte // the archive's hotlane; nil: a script printing "hotlane <tag>"
	tampered          bool   // checksums.txt names another sum for the archive
}

// releaseServer serves hotlane's releases as GitHub does, on a local port:
// the download layout goreleaser publishes (BASE/vX.Y.Z/checksums.txt and
// the archives), and the REST API's release and tag lists, paginated, in
// GitHub's JSON (with the nested objects and free text a parser must not
// trip on). It records every request.
type releaseServer struct {
	*httptest.Server
	releases  []release         // newest first, as the API lists them
	movingTag map[string]string // v1, v1.2: name → commit
	files     map[string][]byte // "/download/v1.2.3/checksums.txt" → content

	mu       sync.Mutex
	requests []string
	auth     []string
}

func newReleaseServer(t *testing.T, releases []release, movingTags map[string]string) *releaseServer {
	t.Helper()
	s := &releaseServer{releases: releases, movingTag: movingTags, files: map[string][]byte{}}
	for _, r := range releases {
		s.publish(t, r)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// archiveName is the archive install.sh picks on this machine.
func archiveName() string {
	return fmt.Sprintf("hotlane_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
}

func (s *releaseServer) publish(t *testing.T, r release) {
	t.Helper()
	bin := r.binary
	if bin == nil {
		bin = []byte("#!/bin/sh\necho hotlane " + r.tag + "\n")
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: "hotlane", Mode: 0o755, Size: int64(len(bin)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func() error{func() error { _, err := tw.Write(bin); return err }, tw.Close, zw.Close} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	if r.tampered {
		sum[0] ^= 0xff
	}
	checksums := fmt.Sprintf("%s  %s\n%s  hotlane_windows_amd64.zip\n", hex.EncodeToString(sum[:]), archiveName(), strings.Repeat("0", 64))
	s.files["/download/"+r.tag+"/"+archiveName()] = buf.Bytes()
	s.files["/download/"+r.tag+"/checksums.txt"] = []byte(checksums)
}

// AddFile serves data at path (a template a pipeline includes, say).
func (s *releaseServer) AddFile(path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = data
}

// Base is HOTLANE_DOWNLOAD_BASE; API is HOTLANE_RELEASES_API.
func (s *releaseServer) Base() string { return s.URL + "/download" }
func (s *releaseServer) API() string  { return s.URL + "/api/repos/hotlane/hotlane" }

// Env points install.sh at the server (plain http, so allowed explicitly).
func (s *releaseServer) Env() []string {
	return []string{"HOTLANE_DOWNLOAD_BASE=" + s.Base(), "HOTLANE_RELEASES_API=" + s.API(), "HOTLANE_INSTALL_ALLOW_HTTP=1"}
}

// Requests returns the paths requested so far; Auth the Authorization
// headers sent.
func (s *releaseServer) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *releaseServer) Auth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth...)
}

func (s *releaseServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	if a := r.Header.Get("Authorization"); a != "" {
		s.auth = append(s.auth, a)
	}
	s.mu.Unlock()
	s.mu.Lock()
	data, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	if ok {
		_, _ = w.Write(data)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if page < 1 {
		page = 1
	}
	if perPage < 1 || perPage > 100 {
		perPage = 30 // GitHub's default
	}
	switch r.URL.Path {
	case "/api/repos/hotlane/hotlane/releases":
		writePage(w, s.releaseList(), page, perPage, false)
	case "/api/repos/hotlane/hotlane/tags":
		writePage(w, s.tagList(), page, perPage, true)
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"Not Found","status":"404"}`))
	}
}

func (s *releaseServer) releaseList() []any {
	var out []any
	for i, r := range s.releases {
		out = append(out, map[string]any{
			"url": fmt.Sprintf("%s/api/repos/hotlane/hotlane/releases/%d", s.URL, i+1), "id": i + 1,
			"author":   map[string]any{"login": "release-bot", "id": 7, "type": "Bot", "site_admin": false},
			"tag_name": r.tag, "target_commitish": "main", "name": "hotlane " + r.tag, "draft": r.draft,
			"prerelease": r.prerelease, "created_at": "2026-11-29T10:00:00Z",
			"assets": []any{map[string]any{"name": "checksums.txt", "state": "uploaded", "uploader": map[string]any{"login": "release-bot"}}},
			// free text that looks like the fields: the parser must not take it
			"body": `Fixes "tag_name": "v9.9.9" parsing; "draft": false`,
		})
	}
	return out
}

func (s *releaseServer) tagList() []any {
	var out []any
	tag := func(name, commit string) {
		out = append(out, map[string]any{"name": name, "zipball_url": s.URL + "/zip/" + name, "tarball_url": s.URL + "/tar/" + name,
			"commit": map[string]any{"sha": commit, "url": s.URL + "/api/commits/" + commit}, "node_id": "REF_" + name})
	}
	for name, commit := range s.movingTag {
		tag(name, commit)
	}
	for _, r := range s.releases {
		tag(r.tag, r.commit)
	}
	return out
}

// writePage writes one page of list as JSON, compact as GitHub's API
// answers, or indented (a mirror's pretty-printed copy).
func writePage(w http.ResponseWriter, list []any, page, perPage int, indent bool) {
	from, to := min((page-1)*perPage, len(list)), min(page*perPage, len(list))
	body := list[from:to]
	if body == nil {
		body = []any{}
	}
	var data []byte
	if indent {
		data, _ = json.MarshalIndent(body, "", "  ")
	} else {
		data, _ = json.Marshal(body)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(data)
}

// fakeCommit is a commit id for a release.
func fakeCommit(tag string) string {
	sum := sha256.Sum256([]byte(tag))
	return hex.EncodeToString(sum[:20])
}

// runInstaller runs pipelines/install.sh with sh (dash or busybox, as CI
// images have) and returns its output.
func runInstaller(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	return run(t, t.TempDir(), append([]string{"HOME=" + t.TempDir(), "RUNNER_TOOL_CACHE=", "AGENT_TOOLSDIRECTORY="}, env...),
		"sh", append([]string{root(t) + "/pipelines/install.sh"}, args...)...)
}

// installed runs the binary install.sh put in dir.
func installed(t *testing.T, dir string) string {
	t.Helper()
	out, err := run(t, dir, nil, dir+"/hotlane")
	if err != nil {
		return "not installed: " + err.Error()
	}
	return strings.TrimSpace(out)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// exitCode is a finished command's exit code (-1: it did not run).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
