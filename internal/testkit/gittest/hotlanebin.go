package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binOut  []byte
)

// Hotlane builds the hotlane binary once per test process and returns its
// path, for tests that must run it as a process of its own (to kill it).
func Hotlane(t T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hotlane-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "hotlane")
		binOut, binErr = exec.Command("go", "build", "-o", binPath, "github.com/hotlane/hotlane/cmd/hotlane").CombinedOutput()
	})
	if binErr != nil {
		t.Fatalf("go build hotlane: %v\n%s", binErr, binOut)
	}
	return binPath
}
