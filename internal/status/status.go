// Package status owns "hotlane status": what is in production now, the
// releases before it, which lane the hotfix-dev environment mirrors, and
// each lane's pending backports (from the gate), in text, json or markdown.
package status

import (
	"cmp"
	"context"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/gate"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
)

// Reporter hears warnings and the secrets found on the way.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
}

// Options are one "hotlane status".
type Options struct {
	Ledger ledgerio.Options
	// Gate counts the lanes' pending backports; an empty candidate is the
	// remote's main line.
	Gate   gate.Options
	Report Reporter
}

// Result is the ledger and the lanes' pending backports.
type Result struct {
	Ledger  ledger.Ledger
	Lanes   []string       // in the gate's order
	Pending map[string]int // missing hotfix commits by lane
}

// Run reads the ledger and counts each lane's pending backports. A gate
// that cannot run leaves the counts out, with a warning: status reports,
// it does not gate.
func Run(ctx context.Context, o Options) (Result, error) {
	_, l, err := ledgerio.Open(ctx, o.Ledger, o.Report)
	if err != nil {
		return Result{}, err
	}
	res := Result{Ledger: l, Pending: map[string]int{}}
	g := o.Gate
	if g.Candidate == "" {
		g.Candidate = "refs/remotes/" + g.Remote + "/" + cmp.Or(g.Main, "main")
	}
	gr, err := gate.Run(ctx, g)
	o.Report.Protect(gr.Secrets...)
	if err != nil {
		o.Report.Annotate(ci.Warning, "pending backports unknown: "+err.Error())
		return res, nil
	}
	for _, lr := range gr.Report.Lanes {
		res.Lanes = append(res.Lanes, lr.Lane)
		res.Pending[lr.Lane] = len(lr.Missing())
	}
	return res, nil
}
