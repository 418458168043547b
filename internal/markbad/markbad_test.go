package markbad

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/ledgerio"
	"github.com/hotlane/hotlane/internal/naming"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
	"github.com/hotlane/hotlane/internal/testkit/speakertest"
)

// released is an origin with release 41 recorded as hotlane records it.
func released(t *testing.T) (gittest.Origin, ledgerio.Options) {
	t.Helper()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Release(t, o.Clone, "41", "production")
	return o, ledgerio.Options{Repo: o.Clone, Remote: "origin", Tags: naming.MustParseTemplate("prod-{build}"), Environment: "production", GitTimeout: time.Minute}
}

// TestRunMarksOnceAndNeverMovesTheRelease: the mark is pushed as its own
// tag, the release tag stays, a second run changes nothing.
func TestRunMarksOnceAndNeverMovesTheRelease(t *testing.T) {
	t.Parallel()
	o, lo := released(t)
	before := gittest.Git(t, o.Bare, "rev-parse", "prod-41")
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	opts := Options{Ledger: lo, Report: &speakertest.Reporter{}, Build: "41", Reason: "checkout returns 500", Actor: "ops", Now: now}

	dry := opts
	dry.DryRun = true
	if res, err := Run(context.Background(), dry); err != nil || res.State != WouldMark {
		t.Fatalf("dry run: %v %+v", err, res)
	}
	if strings.Contains(gittest.Refs(t, o.Bare), record.BadPrefix) {
		t.Fatal("a dry run pushed the mark")
	}
	res, err := Run(context.Background(), opts)
	if err != nil || res.State != Marked || res.TagName != "hotlane-bad/prod-41" {
		t.Fatalf("mark: %v %+v", err, res)
	}
	msg := gittest.Git(t, o.Bare, "tag", "-l", "--format=%(contents)", "hotlane-bad/prod-41")
	bad, err := record.ParseBad(msg)
	if err != nil || bad.Reason != "checkout returns 500" || bad.By != "ops" || !bad.Time.Equal(now) {
		t.Errorf("the pushed mark: %v %+v", err, bad)
	}
	if after := gittest.Git(t, o.Bare, "rev-parse", "prod-41"); after != before {
		t.Errorf("the release tag moved: %s -> %s", before, after)
	}
	again := opts
	again.Reason = "another reason"
	if res, err := Run(context.Background(), again); err != nil || res.State != Already || res.Mark.Reason != "checkout returns 500" {
		t.Errorf("second mark: %v %+v", err, res)
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	t.Parallel()
	_, lo := released(t)
	for _, o := range []Options{
		{Ledger: lo, Build: "41", Reason: "  "},
		{Ledger: lo, Build: "99", Reason: "no such release"},
	} {
		o.Report = &speakertest.Reporter{}
		if _, err := Run(context.Background(), o); !fault.Is(err, fault.Invalid) {
			t.Errorf("%+v: kind %v (%v)", o, fault.KindOf(err), err)
		}
	}
}
