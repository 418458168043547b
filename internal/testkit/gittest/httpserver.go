package gittest

import (
	"crypto/subtle"
	"io"
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

	faults []Fault
	// Stalled receives a value each time a Stall fault holds a request.
	Stalled chan string
}

// Fault kinds the server can inject.
const (
	Fail500     = "500"   // answer 500 Internal Server Error
	Fail403     = "403"   // answer 403 Forbidden, as a host does to a token that may not read
	DropMidPack = "drop"  // read part of the request body, then close the connection
	Stall       = "stall" // hold the request until the client goes away
)

// Fault makes the next request whose path ends with Suffix fail.
type Fault struct {
	Suffix string // e.g. "/git-receive-pack" or "info/refs"
	Kind   string
}

// Inject queues a fault for the next matching request.
func (s *HTTPServer) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Pending is how many injected faults no request has met yet.
func (s *HTTPServer) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

func (s *HTTPServer) takeFault(r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if strings.HasSuffix(r.URL.Path, f.Suffix) || strings.HasSuffix(r.URL.Path+"?"+r.URL.RawQuery, f.Suffix) {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f.Kind
		}
	}
	return ""
}

// inject applies a fault; it reports whether the request was consumed.
func (s *HTTPServer) inject(w http.ResponseWriter, r *http.Request) bool {
	switch s.takeFault(r) {
	case Fail500:
		s.record(r, http.StatusInternalServerError)
		http.Error(w, "injected failure", http.StatusInternalServerError)
		return true
	case Fail403:
		s.record(r, http.StatusForbidden)
		http.Error(w, "Permission to origin.git denied.", http.StatusForbidden)
		return true
	case DropMidPack:
		s.record(r, 0)
		buf := make([]byte, 64)
		_, _ = io.ReadFull(r.Body, buf)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return true
	case Stall:
		s.record(r, 0)
		_, _ = io.Copy(io.Discard, r.Body)
		if s.Stalled != nil {
			s.Stalled <- r.URL.Path
		}
		<-r.Context().Done()
		return true
	}
	return false
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
		s.mu.Lock() // the fields may be set after the server starts
		token, readToken := s.Token, s.ReadToken
		s.mu.Unlock()
		if token != "" {
			_, pass, ok := r.BasicAuth()
			if ok && readToken != "" && pass == readToken && isPush(r) {
				s.record(r, http.StatusForbidden)
				http.Error(w, "Permission to origin.git denied to reader.", http.StatusForbidden)
				return
			}
			if ok && readToken != "" && pass == readToken {
				pass = token
			}
			if !ok || subtle.ConstantTimeCompare([]byte(pass), []byte(token)) != 1 {
				s.record(r, http.StatusUnauthorized)
				w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		if s.inject(w, r) {
			return
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

// SetReadToken accepts token for reads only (pushes get 403).
func (s *HTTPServer) SetReadToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ReadToken = token
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
