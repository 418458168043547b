package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// script answers each request with the next step; "drop" hijacks and
// closes the connection, "hang" answers only when the client gives up.
type script struct {
	mu    sync.Mutex
	steps []func(w http.ResponseWriter, r *http.Request)
	calls int
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := s.calls
	s.calls++
	s.mu.Unlock()
	if i >= len(s.steps) {
		i = len(s.steps) - 1
	}
	s.steps[i](w, r)
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func status(code int, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":"status %d"}`, code)
	}
}

func body(code int, text string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(code)
		fmt.Fprint(w, text)
	}
}

func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// hang answers nothing until the client gives up (the server notices a
// closed connection once it has read the request body).
func hang(_ http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

type recorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (rec *recorder) sleep(_ context.Context, d time.Duration) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.waits = append(rec.waits, d)
	return nil
}

func run(t *testing.T, method string, ctx context.Context, steps ...func(http.ResponseWriter, *http.Request)) (*http.Response, *script, *recorder, error) {
	t.Helper()
	s := &script{steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	rec := &recorder{}
	p := Policy{Attempts: 4, PerTry: time.Second, Total: time.Minute, BaseBackoff: 100 * time.Millisecond, MaxWait: 30 * time.Second, Sleep: rec.sleep}
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+"/x", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Client(p).Do(req)
	if resp != nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, s, rec, err
}

func TestRetries(t *testing.T) {
	t.Parallel()
	bg := context.Background()
	tests := []struct {
		name      string
		method    string
		ctx       context.Context
		steps     []func(http.ResponseWriter, *http.Request)
		wantCode  int    // 0: an error
		wantErr   string // substring
		wantCalls int
		wantWait  time.Duration // the first wait, when it is fixed
	}{
		{"5xx then success", "GET", bg, []func(http.ResponseWriter, *http.Request){status(502), status(500), status(200)}, 200, "", 3, 0},
		{"5xx on a POST is not repeated", "POST", bg, []func(http.ResponseWriter, *http.Request){status(500), status(201)}, 500, "", 1, 0},
		{"an idempotent POST is repeated", "POST", Idempotent(bg), []func(http.ResponseWriter, *http.Request){status(503), status(201)}, 201, "", 2, 0},
		{"429 honours Retry-After", "POST", bg, []func(http.ResponseWriter, *http.Request){status(429, "Retry-After", "7"), status(201)}, 201, "", 2, 7 * time.Second},
		{"secondary rate limit", "GET", bg, []func(http.ResponseWriter, *http.Request){body(403, `{"message":"You have exceeded a secondary rate limit"}`), status(200)}, 200, "", 2, 0},
		{"secondary rate limit with Retry-After", "GET", bg, []func(http.ResponseWriter, *http.Request){status(403, "Retry-After", "3"), status(200)}, 200, "", 2, 3 * time.Second},
		{"primary rate limit resetting later fails with the time", "GET", bg,
			[]func(http.ResponseWriter, *http.Request){status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Hour).Unix()))}, 0, "rate limit exceeded; it resets at", 1, 0},
		{"primary rate limit resetting soon is waited for", "GET", bg,
			[]func(http.ResponseWriter, *http.Request){status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", fmt.Sprint(time.Now().Add(10*time.Second).Unix())), status(200)}, 200, "", 2, 0},
		{"a plain 403 is final", "GET", bg, []func(http.ResponseWriter, *http.Request){body(403, `{"message":"Resource not accessible by integration"}`)}, 403, "", 1, 0},
		{"404 is final", "GET", bg, []func(http.ResponseWriter, *http.Request){status(404)}, 404, "", 1, 0},
		{"dropped connection on a GET", "GET", bg, []func(http.ResponseWriter, *http.Request){drop, status(200)}, 200, "", 2, 0},
		{"dropped connection on a POST is not repeated", "POST", bg, []func(http.ResponseWriter, *http.Request){drop, status(201)}, 0, "EOF", 1, 0},
		{"a slow server times out each try, within the bound", "GET", bg, []func(http.ResponseWriter, *http.Request){hang}, 0, "after 4 attempt(s)", 4, 0},
		{"persistent 5xx gives up after the attempts", "GET", bg, []func(http.ResponseWriter, *http.Request){status(500)}, 500, "", 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, s, rec, err := run(t, tt.method, tt.ctx, tt.steps...)
			switch {
			case tt.wantCode == 0 && err == nil:
				t.Fatalf("want an error, got %s", resp.Status)
			case tt.wantCode == 0 && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("error %q, want %q", err, tt.wantErr)
			case tt.wantCode != 0 && err != nil:
				t.Fatalf("error %v, want %d", err, tt.wantCode)
			case tt.wantCode != 0 && resp.StatusCode != tt.wantCode:
				t.Errorf("status %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if n := s.count(); n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
			if tt.wantWait != 0 && (len(rec.waits) == 0 || rec.waits[0] != tt.wantWait) {
				t.Errorf("waits %v, want first %v", rec.waits, tt.wantWait)
			}
		})
	}
}

func TestRateLimitErrorIsTyped(t *testing.T) {
	t.Parallel()
	_, _, _, err := run(t, "GET", context.Background(), status(429, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", fmt.Sprint(time.Now().Add(2*time.Hour).Unix())))
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("error %v is not a RateLimitError", err)
	}
}

// TestBodyArrivesAfterTheHeaders: a server that sends its headers, and
// its body only once the client holds the response, is read whole: the
// try's contexts end when the body is closed, not when RoundTrip returns.
func TestBodyArrivesAfterTheHeaders(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, strings.Repeat("body ", 1000))
	}))
	defer srv.Close()
	p := Policy{Attempts: 5, PerTry: 30 * time.Second, Total: 2 * time.Minute, BaseBackoff: 500 * time.Millisecond, MaxWait: time.Minute}
	p.Sleep = func(context.Context, time.Duration) error { return nil }
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, err := http.NewRequest(method, srv.URL, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := Client(p).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		release <- struct{}{}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || len(data) != 5000 {
			t.Errorf("%s: read %d bytes, %v", method, len(data), err)
		}
	}
}
