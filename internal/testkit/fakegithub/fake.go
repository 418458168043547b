// Package fakegithub is the one stand-in for GitHub that hotlane's tests
// use: an in-process httptest server, backed by a real git repository, that
// implements exactly the REST endpoints hotlane calls, with GitHub's
// documented requests, status codes and error bodies, token checks
// (missing, bad, read-only), and switchable faults (5xx, rate limits with
// their headers, dropped connections, slow responses).
package fakegithub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
)

// Access levels of a token.
const (
	Read  = "read"
	Write = "write"
)

// Server is a fake GitHub.
type Server struct {
	URL string

	srv    *httptest.Server
	mu     sync.Mutex
	repos  map[string]*repo // "owner/name"
	tokens map[string]string
	faults []*fault
	log    []string

	Deployments []Deployment
	Variables   map[string]string // "repoID/env/NAME" → value
	Pulls       []Pull
	dispatches  []Dispatch
}

type repo struct {
	mu            sync.Mutex // go-git's storage is not safe for concurrent use
	id            int64
	owner, name   string
	defaultBranch string
	git           *git.Repository
}

// Deployment is a deployment created through the API, with its statuses.
type Deployment struct {
	ID          int64           `json:"id"`
	Ref         string          `json:"ref"`
	Environment string          `json:"environment"`
	Task        string          `json:"task"`
	Description string          `json:"description"`
	Payload     json.RawMessage `json:"payload"`
	Statuses    []string        `json:"statuses"`
}

// Pull is a pull request.
type Pull struct {
	Number int    `json:"number"`
	Head   string `json:"head"`
	Base   string `json:"base"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	State  string `json:"state"`
}

// New starts a fake GitHub; close it with Close.
func New() *Server {
	s := &Server{repos: map[string]*repo{}, tokens: map[string]string{}, Variables: map[string]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// AddRepo serves the git repository at path as owner/name.
func (s *Server) AddRepo(owner, name, path, defaultBranch string) error {
	r, err := git.PlainOpen(path)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name] = &repo{id: int64(1000 + len(s.repos)), owner: owner, name: name, defaultBranch: defaultBranch, git: r}
	return nil
}

// AddToken accepts token with access Read or Write.
func (s *Server) AddToken(token, access string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = access
}

// Requests returns "METHOD path status" for every request so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// apiError writes GitHub's error body.
func apiError(w http.ResponseWriter, status int, message, doc string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message, "documentation_url": "https://docs.github.com/rest" + doc, "status": fmt.Sprint(status)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v3")
	sw := &statusWriter{ResponseWriter: w, status: 200}
	defer func() {
		s.mu.Lock()
		s.log = append(s.log, fmt.Sprintf("%s %s %d", r.Method, path, sw.status))
		s.mu.Unlock()
	}()
	if f := s.takeFault(r.Method, path); f != nil {
		if f.apply(w, r) {
			sw.status = 0
			return
		}
		sw.status = f.Status
		return
	}
	access, ok := s.authorize(sw, r)
	if !ok {
		return
	}
	if r.Method != http.MethodGet && access != Write {
		apiError(sw, http.StatusForbidden, "Resource not accessible by integration", "")
		return
	}
	s.route(sw, r, path)
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		apiError(w, http.StatusUnauthorized, "Requires authentication", "")
		return "", false
	}
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(h, "Bearer "), "token "))
	s.mu.Lock()
	access, ok := s.tokens[token]
	s.mu.Unlock()
	if !ok {
		apiError(w, http.StatusUnauthorized, "Bad credentials", "")
		return "", false
	}
	return access, true
}

// State returns copies of the deployments, environment variables and pull
// requests, safe to read while the server runs.
func (s *Server) State() ([]Deployment, map[string]string, []Pull) {
	s.mu.Lock()
	defer s.mu.Unlock()
	vars := make(map[string]string, len(s.Variables))
	for k, v := range s.Variables {
		vars[k] = v
	}
	return append([]Deployment(nil), s.Deployments...), vars, append([]Pull(nil), s.Pulls...)
}
