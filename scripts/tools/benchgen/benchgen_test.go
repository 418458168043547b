package benchgen

import (
	"bytes"
	"strings"
	"testing"
)

func TestManifestMatchesStream(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	m, err := Write(&buf, Options{MainCommits: 600, Lanes: 12, Files: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	stream := buf.String()
	if got := strings.Count(stream, "\ncommit refs/heads/hotfix/") + strings.Count(stream[:20], "commit refs/heads/hotfix/"); got != m.HotfixCommits {
		t.Errorf("stream has %d hotfix commits, manifest says %d", got, m.HotfixCommits)
	}
	if got := strings.Count(stream, "\ntag prod-"); got != 12 {
		t.Errorf("stream has %d release tags, want 12", got)
	}
	if m.Missing+m.Picked+m.Equivalent+m.Waived != m.HotfixCommits || len(m.Picks) != m.Picked {
		t.Errorf("fates do not add up: %+v", m)
	}
	if m.Missing == 0 || m.Picked == 0 {
		t.Errorf("a benchmark repository should have missing and picked hotfixes: %+v", m)
	}
	var picks bytes.Buffer
	shas := map[int]string{}
	for _, p := range m.Picks {
		shas[p.Mark] = strings.Repeat("a", 40)
	}
	if err := WritePicks(&picks, m, shas); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(picks.String(), "(cherry picked from commit "+strings.Repeat("a", 40)+")"); got != m.Picked {
		t.Errorf("%d picks written, want %d", got, m.Picked)
	}
}

func TestLongShapeManifestMatchesStream(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	m, err := Write(&buf, Options{Shape: "long", MainCommits: 400, Lanes: 2, LaneCommits: 60, Files: 40, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	stream := buf.String()
	hotfixes := strings.Count(stream, "\ncommit refs/heads/hotfix/") + strings.Count(stream, "\ncommit refs/heads/pr/") - strings.Count(stream, "\nmerge :")
	if hotfixes != m.HotfixCommits {
		t.Errorf("stream has %d hotfix commits, manifest says %d", hotfixes, m.HotfixCommits)
	}
	if m.Missing+m.Picked+m.Equivalent+m.Squashed+m.Waived != m.HotfixCommits || len(m.Picks) != m.Picked {
		t.Errorf("fates do not add up: %+v", m)
	}
	if m.HotfixCommits < 60 || m.Squashed == 0 || m.Equivalent == 0 || m.Missing == 0 {
		t.Errorf("a long lane should have every fate: %+v", m)
	}
	// a vendor bump touches more than a thousand paths
	bump := stream[strings.Index(stream, "bump group"):]
	bump = bump[:strings.Index(bump, "\ncommit ")]
	if n := strings.Count(bump, "\nM 100644 inline vendor/"); n < 1000 {
		t.Errorf("a vendor bump touches %d vendored paths, want 1000+", n)
	}
	if _, err := Write(&buf, Options{Shape: "wide"}); err == nil {
		t.Error("an unknown shape was accepted")
	}
}
