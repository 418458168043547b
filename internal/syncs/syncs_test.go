package syncs

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/engine/httpx"
	"github.com/hotlane/hotlane/internal/record"
)

// testDefaults are config's sync defaults (config imports syncs).
var testDefaults = Defaults{DispatchWorkflow: "hotfix-dev.yml", Deployment: "hotfix-dev", Variable: "hotfix-dev:HOTFIX_BRANCH"}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want, err string
	}{
		{"github-dispatch", "github-dispatch=hotfix-dev.yml", ""},
		{"github-dispatch=deploy-lane.yaml", "github-dispatch=deploy-lane.yaml", ""},
		{"github-dispatch=hotfix-dev.yml@main", "github-dispatch=hotfix-dev.yml@main", ""},
		{"github-dispatch=1234", "github-dispatch=1234", ""},
		{"github-dispatch=../x.yml", "", "WORKFLOW[@REF]"},
		{"github-dispatch=deploy", "", "WORKFLOW[@REF]"},
		{"github-dispatch=hotfix-dev.yml@", "", "WORKFLOW[@REF]"},
		{"github-dispatch=hotfix-dev.yml@-x", "", "WORKFLOW[@REF]"},
		{"github-dispatch=hotfix-dev.yml@a..b", "", "WORKFLOW[@REF]"},
		{"github-dispatch=hotfix-dev.yml@a b", "", "WORKFLOW[@REF]"},
		{"github-deployment", "github-deployment=hotfix-dev", ""},
		{"github-deployment=staging-hotfix", "github-deployment=staging-hotfix", ""},
		{"github-variable", "github-variable=hotfix-dev:HOTFIX_BRANCH", ""},
		{"github-variable=dev:LANE", "github-variable=dev:LANE", ""},
		{"github-variable=dev", "", "ENVIRONMENT:NAME"},
		{"webhook=https://user:pw@hooks.example/x?token=1", "webhook=https://hooks.example/x", ""},
		{"webhook=ftp://x", "", "http or https"},
		{"webhook", "", "want webhook=URL"},
		{"command=workbench set-branch $HOTLANE_LANE", "command=workbench set-branch $HOTLANE_LANE", ""},
		{"command=", "", "want command=CMD"},
		{"jenkins=https://ci.example/job/hotfix-dev/", "jenkins=https://ci.example/job/hotfix-dev/", ""},
		{"azure-pipeline=12", "azure-pipeline=12", ""},
		{"azure-pipeline=deploy", "", "pipeline's number"},
		{"slack=x", "", "unknown target"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in, testDefaults)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Parse(%q) error %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && err != nil:
			t.Errorf("Parse(%q): %v", tt.in, err)
		case tt.err == "" && s.String() != tt.want:
			t.Errorf("Parse(%q) = %s, want %s", tt.in, s, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("error leaks URL credentials: %v", err)
		}
	}
}

func TestSignatureVerifies(t *testing.T) {
	t.Parallel()
	body := []byte(`{"event":"release"}`)
	got := Sign("s3cret", body)
	m := hmac.New(sha256.New, []byte("s3cret"))
	m.Write(body)
	if got != "sha256="+hex.EncodeToString(m.Sum(nil)) {
		t.Errorf("Sign = %s", got)
	}
}

func TestDeliveryIDIsStablePerRelease(t *testing.T) {
	t.Parallel()
	ev := Event{Record: record.Record{Build: "43", Commit: "c"}, Tag: "prod-43", Lane: "hotfix/43"}
	other := ev
	other.Tag = "prod-44"
	again := ev // a re-run of the same release
	if DeliveryID("https://x", ev) != DeliveryID("https://x", again) || DeliveryID("https://x", ev) == DeliveryID("https://x", other) ||
		DeliveryID("https://x", ev) == DeliveryID("https://y", ev) {
		t.Error("delivery ids must be stable for a release and differ between releases and URLs")
	}
}

// TestRedirectsAreNotFollowed: a webhook, a Jenkins job or an Azure DevOps
// pipeline that answers with a redirect fails, saying where it pointed
// (without the query), and nothing reaches the address it pointed to.
func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer elsewhere.Close()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/collect?token=leaked-9999", code)
		}))
		d := Deps{HTTP: httpx.Client(httpx.Policy{Attempts: 5, PerTry: 30 * time.Second, Total: 2 * time.Minute, BaseBackoff: 500 * time.Millisecond, MaxWait: time.Minute}), JenkinsUser: "u", JenkinsToken: "jenkins-token-1", AzureToken: "azure-token-1",
			AzureCollectionURI: moved.URL + "/org/", AzureProject: "shop"}
		ev := Event{Record: record.Record{Build: "43", Commit: strings.Repeat("c", 40)}, Tag: "prod-43", Lane: "hotfix/43"}
		specs := []Spec{{Webhook, moved.URL + "/hook"}, {Jenkins, moved.URL + "/job/dev/"}, {AzurePipeline, "12"}}
		for _, out := range Run(context.Background(), specs, d, ev) {
			want := fmt.Sprintf("answered %d %s, pointing to %s/collect: hotlane does not follow redirects", code, http.StatusText(code), elsewhere.URL)
			if out.Err == nil || !strings.Contains(out.Err.Error(), want) || strings.Contains(out.Err.Error(), "leaked") {
				t.Errorf("%s answering %d: %v, want %q", out.Spec.Kind, code, out.Err, want)
			}
		}
		moved.Close()
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d request(s) followed a redirect", n)
	}
}
