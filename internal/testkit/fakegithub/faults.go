package fakegithub

import (
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Fault makes matching requests fail instead of being served.
type Fault struct {
	Method string // "" matches any
	Path   string // a prefix of the request path (without /api/v3)
	Status int
	// Headers to send, such as Retry-After or X-RateLimit-Remaining.
	Headers map[string]string
	Body    string
	Drop    bool // close the connection without an answer
	Hang    bool // answer nothing until the client gives up
	Times   int  // how many requests it hits; 0 means 1
}

type fault struct {
	Fault
	left int
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := f.Times
	if n == 0 {
		n = 1
	}
	s.faults = append(s.faults, &fault{Fault: f, left: n})
}

// RateLimited is GitHub's answer when the primary rate limit is used up.
func RateLimited(path string, resetUnix int64) Fault {
	return Fault{Path: path, Status: http.StatusForbidden, Headers: map[string]string{
		"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": fmt.Sprint(resetUnix)},
		Body: `{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}`}
}

// SecondaryRateLimited is GitHub's answer to too many requests at once.
func SecondaryRateLimited(path string, retryAfter int) Fault {
	return Fault{Path: path, Status: http.StatusForbidden, Headers: map[string]string{"Retry-After": fmt.Sprint(retryAfter)},
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`}
}

func (s *Server) takeFault(method, path string) *fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.left > 0 && (f.Method == "" || f.Method == method) && strings.HasPrefix(path, f.Path) {
			f.left--
			return f
		}
	}
	return nil
}

// apply answers with the fault; it reports true when it dropped the
// connection or hung.
func (f *fault) apply(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case f.Drop:
		_, _ = io.Copy(io.Discard, r.Body)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return true
	case f.Hang:
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
		return true
	}
	for k, v := range f.Headers {
		w.Header().Set(k, v)
	}
	body := f.Body
	if body == "" {
		body = fmt.Sprintf(`{"message":"%s"}`, http.StatusText(f.Status))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(f.Status)
	_, _ = io.WriteString(w, body)
	return false
}
