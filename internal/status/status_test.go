package status

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
	"github.com/hotlane/hotlane/internal/testkit/speakertest"
)

// release records build at the clone's HEAD, with its lane, on origin.
func release(t *testing.T, o gittest.Origin, build string) {
	t.Helper()
	gittest.Release(t, o.Clone, build, "production")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "HEAD:refs/heads/hotfix/"+build)
}

// TestRunCountsPendingBackports: status reads the ledger and the gate's
// count of each lane's missing hotfixes, called directly.
func TestRunCountsPendingBackports(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	release(t, o, "41")
	gittest.Git(t, o.Clone, "switch", "-q", "-c", "hotfix/41", "origin/hotfix/41")
	gittest.Commit(t, o.Clone, "price.go", "package shop // fixed\n", "fix: prices")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "hotfix/41")
	gittest.Git(t, o.Clone, "switch", "-q", "main")
	gittest.Commit(t, o.Clone, "cart.go", "package shop\n", "feat: cart")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	release(t, o, "42")

	tags, lanes := naming.MustParseTemplate("prod-{build}"), naming.MustParseTemplate("hotfix/{build}")
	res, err := Run(context.Background(), Options{
		Ledger: ledgerio.Options{Repo: o.Clone, Remote: "origin", Tags: tags, Environment: "production", GitTimeout: time.Minute},
		Gate:   check.Options{Repo: o.Clone, Remote: "origin", Main: "main", BranchTemplate: lanes, Tags: tags, Environment: "production"},
		Report: &speakertest.Reporter{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := res.Ledger.Current(); cur.Record.Build != "42" || len(res.Ledger.Entries) != 2 {
		t.Errorf("ledger: %+v", res.Ledger.Entries)
	}
	if res.Pending["hotfix/41"] != 1 || res.Pending["hotfix/42"] != 0 {
		t.Errorf("pending: %v (lanes %v)", res.Pending, res.Lanes)
	}
	var md, js bytes.Buffer
	if err := Render(&md, "markdown", res); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| release") || strings.HasPrefix(line, "| 4") {
			if cells := strings.Count(line, "|") - 1; cells != 5 {
				t.Errorf("%d cells in %q", cells, line)
			}
		}
	}
	if err := Render(&js, "json", res); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Production struct{ Release string } `json:"production"`
		Pending    map[string]int           `json:"pending_backports"`
	}
	if err := json.Unmarshal(js.Bytes(), &v); err != nil || v.Production.Release != "42" || v.Pending["hotfix/41"] != 1 {
		t.Errorf("json: %v %+v", err, v)
	}
}
