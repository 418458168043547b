package config

import "testing"

// TestRuntimeTuning: the collector's target and the soft memory limit
// are hotlane's unless GOGC and GOMEMLIMIT say otherwise (the Go runtime
// then reads those itself).
func TestRuntimeTuning(t *testing.T) {
	t.Parallel()
	if p, set := GCPercent(map[string]string{}); !set || p != 50 {
		t.Errorf("GOGC unset: %d, %v; want 50", p, set)
	}
	if _, set := GCPercent(map[string]string{"GOGC": "200"}); set {
		t.Error("GOGC=200 was overridden")
	}
	if l, set := MemoryLimit(map[string]string{}); !set || l != 200<<20 {
		t.Errorf("GOMEMLIMIT unset: %d, %v; want 200 MiB", l, set)
	}
	if _, set := MemoryLimit(map[string]string{"GOMEMLIMIT": "1GiB"}); set {
		t.Error("GOMEMLIMIT=1GiB was overridden")
	}
}
