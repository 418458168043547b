package ghapi

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

// TestEngineReleasesThroughTheAPI drives the GitHub engine directly
// against the fake GitHub: read the refs, create a tag and a lane
// create-only, read them back (peeled, with the tag's message), and see a
// second create of the same ref refused, not moved.
func TestEngineReleasesThroughTheAPI(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("write-token-1234567890", fakegithub.Write)
	p := httpx.Policy{Attempts: 5, PerTry: 30 * time.Second, Total: 2 * time.Minute, BaseBackoff: 500 * time.Millisecond, MaxWait: time.Minute}
	p.Sleep = func(context.Context, time.Duration) error { return nil }
	c, err := New(gh.URL, "write-token-1234567890", "acme", "shop", p)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(c)
	ctx := context.Background()

	commit, err := e.ResolveCommit(ctx, "main")
	if err != nil || commit != head {
		t.Fatalf("ResolveCommit(main) = %s, %v; want %s", commit, err, head)
	}
	state, err := e.ReadRemote(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ref, ok := state.Ref("refs/heads/main"); !ok || ref.Hash != head {
		t.Fatalf("main on the remote: %+v", state.Refs)
	}

	msg := record.Record{Build: "7", Environment: "production", Commit: head, Lane: "hotfix/7"}.Message()
	tag, err := e.NewTag("prod-7", head, msg, e.Tagger(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	creates := []gitref.Create{{Ref: "refs/tags/prod-7", Hash: tag}, {Ref: "refs/heads/hotfix/7", Hash: head}}
	if _, err := e.PushCreate(ctx, creates, nil); err != nil {
		t.Fatal(err)
	}
	state, err = e.ReadRemote(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := state.Ref("refs/tags/prod-7")
	if !ok {
		t.Fatalf("the tag is not on the remote: %+v", state.Refs)
	}
	if ref, err = e.Peel(ctx, ref); err != nil || ref.Commit() != head || !ref.Annotated() {
		t.Errorf("peeled tag %+v, %v; want annotated at %s", ref, err, head)
	}
	if got, err := e.RemoteTagMessage(ctx, ref); err != nil || got != msg {
		t.Errorf("the tag's message %q, %v; want the record", got, err)
	}
	// the tag object names who made it, as the git tags API documents
	if got, err := e.RemoteTag(ctx, ref); err != nil || got.Message != msg || got.Tagger.Name != "hotlane" ||
		got.Tagger.Email != "hotlane@users.noreply.github.com" || !got.Tagger.When.Equal(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the tag object %+v, %v; want the record and hotlane's tagger", got, err)
	}

	// create-only: the same tag again at another commit is refused
	first := gittest.Git(t, o.Clone, "rev-parse", "HEAD~1")
	other, err := e.NewTag("prod-7", first, msg, e.Tagger(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	pushed, err := e.PushCreate(ctx, []gitref.Create{{Ref: "refs/tags/prod-7", Hash: other}}, nil)
	if err == nil || len(pushed.Rejected) == 0 {
		t.Errorf("a second create of prod-7 was not refused: %+v, %v", pushed, err)
	}
	if now := gittest.Git(t, o.Bare, "rev-parse", "prod-7^{commit}"); now != head {
		t.Errorf("prod-7 moved to %s", now)
	}
	if !strings.Contains(strings.Join(gh.Requests(), "\n"), "POST /repos/acme/shop/git/refs 422") {
		t.Errorf("no refused create in %v", gh.Requests())
	}
}
