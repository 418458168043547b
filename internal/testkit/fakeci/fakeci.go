// Package fakeci is the test stand-in for the other HTTP services a
// release talks to: a Jenkins that issues CSRF crumbs (tied to a session
// cookie, as Jenkins does) and takes buildWithParameters, the Azure DevOps
// Pipelines "Runs" API, and a webhook receiver that verifies hotlane's
// signature; and a receiver that moved (/moved/{code} answers that
// redirect to the webhook receiver under another host name, with a token
// in the query). Each checks the request shapes the services document and
// records what arrived.
package fakeci

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Config is what the fake accepts.
type Config struct {
	// JenkinsUser and JenkinsToken are the accepted credentials.
	JenkinsUser, JenkinsToken string
	// AzureToken is the accepted bearer token.
	AzureToken string
	// WebhookSecret verifies X-Hotlane-Signature-256; FailWebhook answers
	// 503 while it is above zero, counting down.
	WebhookSecret string
	FailWebhook   int
}

// Server is the fake.
type Server struct {
	Config
	URL string

	srv *httptest.Server
	mu  sync.Mutex
	got []string
}

const (
	crumb   = "c0ffee-crumb"
	session = "node0session"
)

// New starts the fake.
func New(c Config) *Server {
	s := &Server{Config: c}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /crumbIssuer/api/json", s.crumb)
	mux.HandleFunc("POST /job/{name}/buildWithParameters", s.build)
	mux.HandleFunc("POST /{org}/{project}/_apis/pipelines/{id}/runs", s.run)
	mux.HandleFunc("POST /hook", s.hook)
	mux.HandleFunc("GET /hook", s.hook) // where a 301, 302 or 303 turns a POST
	mux.HandleFunc("POST /moved/{code}", s.moved)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// Received lists what arrived, one line per accepted request.
func (s *Server) Received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got...)
}

func (s *Server) record(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, fmt.Sprintf(format, args...))
}

func (s *Server) jenkinsAuth(w http.ResponseWriter, r *http.Request) bool {
	user, token, ok := r.BasicAuth()
	if !ok || user != s.JenkinsUser || token != s.JenkinsToken {
		w.Header().Set("WWW-Authenticate", `Basic realm="Jenkins"`)
		http.Error(w, "Invalid password/token for user", http.StatusUnauthorized)
		return false
	}
	return true
}

func (s *Server) crumb(w http.ResponseWriter, r *http.Request) {
	if !s.jenkinsAuth(w, r) {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "JSESSIONID", Value: session, Path: "/"})
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"_class":"hudson.security.csrf.DefaultCrumbIssuer","crumb":%q,"crumbRequestField":"Jenkins-Crumb"}`, crumb)
}

func (s *Server) build(w http.ResponseWriter, r *http.Request) {
	if !s.jenkinsAuth(w, r) {
		return
	}
	cookie, err := r.Cookie("JSESSIONID")
	if r.Header.Get("Jenkins-Crumb") != crumb || err != nil || cookie.Value != session {
		http.Error(w, "No valid crumb was included in the request", http.StatusForbidden)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("HOTFIX_BRANCH") == "" {
		http.Error(w, "parameters missing", http.StatusBadRequest)
		return
	}
	s.record("jenkins job=%s HOTFIX_BRANCH=%s RELEASE=%s TAG=%s", r.PathValue("name"), r.PostForm.Get("HOTFIX_BRANCH"), r.PostForm.Get("RELEASE"), r.PostForm.Get("TAG"))
	w.Header().Set("Location", "http://"+r.Host+"/queue/item/1/") // not s.URL: it is set after the server starts
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.AzureToken || s.AzureToken == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if r.URL.Query().Get("api-version") == "" {
		http.Error(w, `{"message":"No api-version was supplied for the POST request."}`, http.StatusBadRequest)
		return
	}
	var body struct {
		Resources struct {
			Repositories map[string]struct {
				RefName string `json:"refName"`
			} `json:"repositories"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || !strings.HasPrefix(body.Resources.Repositories["self"].RefName, "refs/heads/") {
		http.Error(w, `{"message":"resources.repositories.self.refName is required"}`, http.StatusBadRequest)
		return
	}
	s.record("azure org=%s project=%s pipeline=%s ref=%s", r.PathValue("org"), r.PathValue("project"), r.PathValue("id"), body.Resources.Repositories["self"].RefName)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"id":1,"state":"inProgress"}`)
}

// moved answers with the redirect the path names, to the webhook receiver
// under the name localhost (another host than 127.0.0.1, as a client sees
// it) with a token in the query.
func (s *Server) moved(w http.ResponseWriter, r *http.Request) {
	code, err := strconv.Atoi(r.PathValue("code"))
	if err != nil || code < 300 || code > 399 {
		http.Error(w, "want /moved/3xx", http.StatusBadRequest)
		return
	}
	_, port, _ := strings.Cut(r.Host, ":")
	s.record("moved %d", code)
	w.Header().Set("Location", "http://localhost:"+port+"/hook?token=moved-token-8888")
	w.WriteHeader(code)
}

func (s *Server) hook(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	fail := s.FailWebhook > 0
	if fail {
		s.FailWebhook--
	}
	s.mu.Unlock()
	if fail {
		http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
		return
	}
	signature := "none"
	if got := r.Header.Get("X-Hotlane-Signature-256"); got != "" {
		m := hmac.New(sha256.New, []byte(s.WebhookSecret))
		m.Write(data)
		signature = "invalid"
		if hmac.Equal([]byte(got), []byte("sha256="+hex.EncodeToString(m.Sum(nil)))) {
			signature = "valid"
		}
	}
	var p struct{ Event, Release, Lane, Tag, Commit string }
	_ = json.Unmarshal(data, &p)
	s.record("webhook signature=%s delivery=%s event=%s release=%s lane=%s tag=%s", signature, r.Header.Get("X-Hotlane-Delivery"), p.Event, p.Release, p.Lane, p.Tag)
	w.WriteHeader(http.StatusNoContent)
}
