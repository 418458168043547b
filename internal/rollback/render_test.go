package rollback

import (
	"testing"

	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/testkit/golden"
)

func TestMarkdownGolden(t *testing.T) {
	t.Parallel()
	o := Options{Ledger: ledgerio.Options{Tags: naming.MustParseTemplate("prod-{build}"), Environment: "production"}, Lanes: naming.MustParseTemplate("hotfix/{build}"), To: "1"}
	l := history("1", "2:from=hotfix/1", "3:bad")
	l.Entries[2].Bad.Reason = "checkout | 500 <script>"
	res, err := Plan(l, o)
	if err != nil {
		t.Fatal(err)
	}
	md := Markdown(res)
	if n := golden.CheckTables(t, md); n != 1 {
		t.Errorf("%d tables, want 1", n)
	}
	golden.Check(t, "rollback.markdown", []byte(md))
}
