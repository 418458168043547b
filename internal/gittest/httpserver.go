package gittest

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// HTTPServer serves the bare repositories under Root over git's smart HTTP
// protocol with the real git http-backend, on 127.0.0.1. When Token is set,
// every request must carry it as the basic-auth password; ReadToken, when
// set, may read but is refused pushes with 403, as a token without write
// permission is on GitHub.
type HTTPServer struct {
	Root      string
	Token     string
	ReadToken string
	URL       string // base URL; a repository is URL + "/" + its path under Root

	srv *httptest.Server
	mu  sync.Mutex
	log []string // "METHOD path status" of every request
}

// NewHTTPServer starts a server for the repositories under root; close it
// with Close. Repositories it serves accept pushes (http.receivepack).
func NewHTTPServer(t T, root, token string) *HTTPServer {
	t.Helper()
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Fatalf("git is needed for the smart-HTTP server: %v", err)
	}
	s := &HTTPServer{Root: root, Token: token}
	backend := &cgi.Handler{
		Path: gitPath,
		Args: []string{"http-backend"},
		Env: append(Env(), "GIT_PROJECT_ROOT="+root, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=http.receivepack", "GIT_CONFIG_VALUE_0=true"),
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Token != "" {
			_, pass, ok := r.BasicAuth()
			if ok && s.ReadToken != "" && pass == s.ReadToken && isPush(r) {
				s.record(r, http.StatusForbidden)
				http.Error(w, "Permission to origin.git denied to reader.", http.StatusForbidden)
				return
			}
			if ok && s.ReadToken != "" && pass == s.ReadToken {
				pass = s.Token
			}
			if !ok || subtle.ConstantTimeCompare([]byte(pass), []byte(s.Token)) != 1 {
				s.record(r, http.StatusUnauthorized)
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		s.record(r, http.StatusOK)
		backend.ServeHTTP(w, r)
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

func isPush(r *http.Request) bool {
	return r.URL.Query().Get("service") == "git-receive-pack" || strings.HasSuffix(r.URL.Path, "/git-receive-pack")
}

func (s *HTTPServer) record(r *http.Request, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, r.Method+" "+r.URL.Path+" "+http.StatusText(status))
}

// RepoURL is the URL of the repository at root/rel.
func (s *HTTPServer) RepoURL(rel string) string { return s.URL + "/" + filepath.ToSlash(rel) }

// Requests returns what the server was asked so far.
func (s *HTTPServer) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// Close stops the server.
func (s *HTTPServer) Close() { s.srv.Close() }
