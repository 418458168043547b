// Package status owns "hotlane status": each environment's current
// release, one environment's releases (production's unless asked), which
// lane the hotfix-dev environment mirrors, and each lane's pending
// backports (from the gate), in text, json, or markdown with a Mermaid
// timeline of the releases per environment.
package status

import (
	"cmp"
	"context"
	"sort"
	"strings"

	"github.com/hotlane/hotlane/internal/check"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledger"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
)

// Reporter hears warnings and the secrets found on the way.
type Reporter interface {
	Annotate(level ci.Level, msg string)
	Protect(secrets ...string)
}

// Options are one "hotlane status".
type Options struct {
	// Ledger says where the ledger is, and Ledger.Environment the
	// environment shown in detail.
	Ledger ledgerio.Options
	// Tags are every environment's release tag templates.
	Tags naming.TagTemplates
	// Only shows Ledger.Environment alone (--environment was given).
	Only bool
	// Gate counts the lanes' pending backports; an empty candidate is the
	// remote's main line.
	Gate   check.Options
	Report Reporter
}

// Result is the ledgers and the lanes' pending backports.
type Result struct {
	Environment  string        // the one shown in detail
	Ledger       ledger.Ledger // its releases
	Environments []string      // every environment shown that has a release, production first
	Ledgers      map[string]ledger.Ledger
	Lanes        []string       // in the gate's order
	Pending      map[string]int // missing hotfix commits by lane
	// Freshness says how fresh the ledger is: the remote's tags and when
	// they were read, or the clone's own (--offline).
	Freshness ledgerio.Freshness
}

// Run reads the ledgers and counts each lane's pending backports. A
// ledger that cannot be refreshed from the remote fails (exit 3) unless
// the clone is enough (--offline); an environment asked for that has no
// release is bad input (exit 2), naming those that have. A gate that
// cannot run leaves the counts out, with a warning: status reports, it
// does not gate.
func Run(ctx context.Context, o Options) (Result, error) {
	all, fresh, err := ledgerio.OpenAll(ctx, o.Ledger, o.Tags, o.Report)
	if err != nil {
		return Result{}, err
	}
	env := o.Ledger.Environment
	if o.Only && len(all[env].Entries) == 0 {
		return Result{}, unknownEnvironment(env, all)
	}
	res := Result{Environment: env, Ledger: all[env], Ledgers: all, Pending: map[string]int{}, Freshness: fresh}
	for e, l := range all {
		if len(l.Entries) > 0 && (!o.Only || e == env) {
			res.Environments = append(res.Environments, e)
		}
	}
	sort.Slice(res.Environments, func(i, j int) bool {
		a, b := res.Environments[i], res.Environments[j]
		if (a == naming.Production) != (b == naming.Production) {
			return a == naming.Production
		}
		return a < b
	})
	g := o.Gate
	if g.Candidate == "" {
		g.Candidate = "refs/remotes/" + g.Remote + "/" + cmp.Or(g.Main, g.Policy.Branch)
	}
	gr, err := check.Run(ctx, g)
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

// unknownEnvironment is the error for an environment without a release:
// it names the environments that have one.
func unknownEnvironment(env string, all map[string]ledger.Ledger) error {
	known := ledger.WithReleases(all)
	if len(known) == 0 {
		return fault.Invalidf("--environment %s: no release is recorded in any environment yet", env)
	}
	return fault.Invalidf("--environment %s: no release is recorded in %s; the environments with releases are: %s", env, env, strings.Join(known, ", "))
}
