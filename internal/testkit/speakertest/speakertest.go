// Package speakertest owns the recording stand-in for the speaker that
// use-case tests hand to Run: it keeps the annotations by level and the
// secrets, and redacts them as the speaker does.
package speakertest

import (
	"strings"
	"sync"

	"github.com/hotlane/hotlane/internal/ci"
)

// Reporter records what a use case says through its Reporter interface:
// the annotations by level, and the secrets it asked to protect (which it
// then redacts, as the real speaker does).
type Reporter struct {
	mu          sync.Mutex
	Annotations map[ci.Level][]string
	Secrets     []string
}

// Annotate records msg under level.
func (r *Reporter) Annotate(level ci.Level, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Annotations == nil {
		r.Annotations = map[ci.Level][]string{}
	}
	r.Annotations[level] = append(r.Annotations[level], r.redact(msg))
}

// Protect records secrets.
func (r *Reporter) Protect(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s != "" {
			r.Secrets = append(r.Secrets, s)
		}
	}
}

// Redact hides every protected secret in text.
func (r *Reporter) Redact(text string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.redact(text)
}

func (r *Reporter) redact(text string) string {
	for _, s := range r.Secrets {
		text = strings.ReplaceAll(text, s, "***")
	}
	return text
}

// All is every annotation of level, one a line.
func (r *Reporter) All(level ci.Level) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.Annotations[level], "\n")
}
