package ci

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// gitlab is GitLab CI: plain log lines, and collapsible sections through
// GitLab's section markers.
type gitlab struct {
	plain
	w   io.Writer // the job log, where the section markers go
	now func() time.Time
	n   int
}

var sectionNameRE = regexp.MustCompile(`[^a-z0-9_]+`)

// Group starts a collapsed section: GitLab reads
// "ESC[0Ksection_start:<unix time>:<name>[collapsed=true]\rESC[0K<header>"
// and ends it with the same name. The name is made of the title (a-z, 0-9,
// _ only) and a counter, so two sections never share one.
func (g *gitlab) Group(title string) func() {
	g.n++
	name := fmt.Sprintf("hotlane_%d_%s", g.n, strings.Trim(sectionNameRE.ReplaceAllString(strings.ToLower(title), "_"), "_"))
	if len(name) > 60 {
		name = name[:60]
	}
	_, _ = fmt.Fprintf(g.w, "\x1b[0Ksection_start:%d:%s[collapsed=true]\r\x1b[0K%s\n", g.now().Unix(), name, Neutralize(title))
	return func() { _, _ = fmt.Fprintf(g.w, "\x1b[0Ksection_end:%d:%s\r\x1b[0K\n", g.now().Unix(), name) }
}
