// Package golden owns the golden files of the tests that check a report's
// exact form: testdata/<name>.golden beside the test, compared byte for
// byte, rewritten from the actual output with -update
// (go test ./internal/PKG -update). Test-only.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the actual output")

// Check compares got with testdata/<name>.golden, or rewrites the file
// with -update.
func Check(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it); got:\n%s", name, path, got)
	}
}

// CheckTables checks every markdown table in md as a renderer reads it:
// the second line is the delimiter row, and each row has as many cells as
// its header (an unescaped "|" in a value would add one). It returns how
// many tables it checked.
func CheckTables(t *testing.T, md string) int {
	t.Helper()
	tables, header, row := 0, 0, 0
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			row = 0
			continue
		}
		row++
		n := cells(line)
		switch {
		case row == 1:
			header = n
			tables++
		case row == 2 && strings.Trim(line, "|-: ") != "":
			t.Errorf("line %d should be the delimiter row of the table above: %q", i+1, line)
		case n != header:
			t.Errorf("line %d has %d cells, its table %d: %q", i+1, n, header, line)
		}
	}
	return tables
}

// cells counts a row's cells: the "|" that are not escaped, less one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}
