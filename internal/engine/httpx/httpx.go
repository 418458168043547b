// Package httpx owns how hotlane talks HTTP: every call has a timeout, and
// failures that may pass (5xx, connection resets, 429, GitHub's secondary
// rate limits, a primary rate limit that resets soon) are retried with
// jittered backoff within a total time bound. Only requests that are safe
// to repeat are retried after they reached the server: GET, HEAD, PUT,
// DELETE, OPTIONS, and requests marked with Idempotent (a create-only
// request, or one carrying an idempotency key).
package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Policy bounds the retries.
type Policy struct {
	Attempts    int           // at most this many tries
	PerTry      time.Duration // timeout of one try
	Total       time.Duration // bound on all tries and waits together
	BaseBackoff time.Duration // first backoff; doubles, with jitter
	MaxWait     time.Duration // longest wait for a rate limit to reset
	// Sleep waits (nil: for real); tests replace it to run without real
	// time passing.
	Sleep func(ctx context.Context, d time.Duration) error
}

// sleep waits by the policy's Sleep, else for real.
func (p Policy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type idempotentKey struct{}

// Idempotent marks ctx's requests as safe to repeat.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

// Transport retries through next.
type Transport struct {
	Next   http.RoundTripper
	Policy Policy
	mu     sync.Mutex
	rng    *rand.Rand
}

// Client returns an http.Client that retries under p.
func Client(p Policy) *http.Client {
	return &http.Client{Transport: &Transport{Next: http.DefaultTransport, Policy: p}}
}

// RateLimitError says a rate limit will not reset within the wait allowed.
type RateLimitError struct{ Reset time.Time }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limit exceeded; it resets at %s: run again after that", e.Reset.UTC().Format(time.RFC3339))
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := t.Policy
	ctx, cancel := context.WithTimeout(req.Context(), p.Total)
	// a response handed back still has its body to read: its contexts end
	// when the body is closed, not when RoundTrip returns
	handedOver := false
	defer func() {
		if !handedOver {
			cancel()
		}
	}()
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	safe := isSafe(req)
	backoff := p.BaseBackoff
	var lastErr error
	for attempt := 1; ; attempt++ {
		tryCtx, tryCancel := context.WithTimeout(ctx, p.PerTry)
		resp, err := t.Next.RoundTrip(withBody(req.Clone(tryCtx), body))
		wait, retry := time.Duration(0), false
		switch {
		case err != nil:
			lastErr = err
			retry = safe || neverSent(err)
			if ctx.Err() != nil {
				retry = false
			}
		default:
			var rl *RateLimitError
			wait, retry, rl = t.classify(resp, safe, p)
			if rl != nil {
				return nil, t.giveUp(resp, tryCancel, rl)
			}
			if !retry || attempt >= p.Attempts {
				resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { tryCancel(); cancel() }}
				handedOver = true
				return resp, nil
			}
			lastErr = fmt.Errorf("%s %s: %s", req.Method, req.URL.Redacted(), resp.Status)
			drain(resp)
		}
		tryCancel()
		if !retry || attempt >= p.Attempts {
			return nil, fmt.Errorf("%w (after %d attempt(s))", lastErr, attempt)
		}
		if wait == 0 {
			wait = t.jitter(backoff)
			backoff *= 2
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return nil, fmt.Errorf("%w (gave up: retrying would pass the %s bound)", lastErr, p.Total)
		}
		if err := p.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%w (%w)", lastErr, err)
		}
	}
}

// giveUp drains a response that will not be handed back, ends its try and
// returns err.
func (t *Transport) giveUp(resp *http.Response, tryCancel context.CancelFunc, err error) error {
	drain(resp)
	tryCancel()
	return err
}

// readBody reads a request's body once, so that each try can send it.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

// withBody gives one try's request its own reader of the body.
func withBody(r *http.Request, body []byte) *http.Request {
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return r
}

// classify decides whether a response is worth another try, and after how
// long (0: the usual backoff).
func (t *Transport) classify(resp *http.Response, safe bool, p Policy) (wait time.Duration, retry bool, rl *RateLimitError) {
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	switch {
	case (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) &&
		resp.Header.Get("X-RateLimit-Remaining") == "0":
		reset := parseReset(resp.Header.Get("X-RateLimit-Reset"))
		if w := time.Until(reset); w <= p.MaxWait {
			return max(w, 0) + time.Second, true, nil
		}
		return 0, false, &RateLimitError{Reset: reset}
	case resp.StatusCode == http.StatusTooManyRequests:
		return retryAfter, true, nil
	case resp.StatusCode == http.StatusForbidden && (retryAfter > 0 || isSecondaryLimit(resp)):
		return max(retryAfter, time.Second), true, nil
	case resp.StatusCode >= 500:
		return retryAfter, safe, nil
	}
	return 0, false, nil
}

func isSecondaryLimit(resp *http.Response) bool {
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		return false
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return strings.Contains(strings.ToLower(string(data)), "secondary rate limit")
}

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func parseReset(v string) time.Time {
	s, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Now().Add(time.Hour)
	}
	return time.Unix(s, 0)
}

func isSafe(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	v, _ := req.Context().Value(idempotentKey{}).(bool)
	return v || req.Header.Get("Idempotency-Key") != ""
}

// neverSent says the request cannot have reached the server: the
// connection was refused or the name did not resolve.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func (t *Transport) jitter(d time.Duration) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rng == nil {
		t.rng = rand.New(rand.NewSource(time.Now().UnixNano()))
	}
	return d/2 + time.Duration(t.rng.Int63n(int64(d/2)+1))
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// NoRedirects returns a copy of c that hands a redirect back as the
// response instead of following it. Calls that deliver something to an
// address the user gave (a webhook, a Jenkins job, an Azure DevOps
// pipeline) use it: a 3xx is their failure, never a delivery to wherever
// the server pointed (with the body, its signature, and on the same host
// the credentials).
func NoRedirects(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	cp := *c
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// Redirect says where a redirect answer points (resolved against the
// request's URL), and whether resp is one.
func Redirect(resp *http.Response) (location string, ok bool) {
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return "", false
	}
	if u, err := resp.Location(); err == nil {
		return u.String(), true
	}
	return resp.Header.Get("Location"), true
}
