package promotion

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotlane/hotlane/internal/config"
	"github.com/hotlane/hotlane/internal/engine/ghapi"
	"github.com/hotlane/hotlane/internal/engine/gitref"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/policy"
	"github.com/hotlane/hotlane/internal/record"
	"github.com/hotlane/hotlane/internal/testkit/fakegithub"
	"github.com/hotlane/hotlane/internal/testkit/gittest"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	c := func(ch string) string { return strings.Repeat(ch, 40) }
	at := func(minute int) time.Time { return time.Date(2026, 11, 1, 0, minute, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		released []Released
		want     string // "" passes; else a phrase of the refusal
	}{
		{"released there", []Released{{Build: "46", Tag: "staging-46", Commit: c("a"), Recorded: true}}, ""},
		{"released there among others", []Released{{Build: "45", Commit: c("b"), Recorded: true}, {Build: "46", Commit: c("a"), Recorded: true}}, ""},
		{"nothing released", nil, "which has released nothing yet"},
		{"another commit, the latest named", []Released{{Build: "9", Tag: "staging-9", Commit: c("b")}, {Build: "10", Tag: "staging-10", Commit: c("c")}},
			"the last commit staging released is cccccccccccc (release 10, tag staging-10)"},
		{"a tag at the commit without a record", []Released{{Build: "46", Tag: "staging-46", Commit: c("a"), Recorded: false}}, "never released to staging"},
		{"the last recorded, whatever its build id", []Released{{Build: "103", Tag: "staging-103", Commit: c("b"), At: at(1)}, {Build: "2", Tag: "staging-2", Commit: c("c"), At: at(2)}},
			"the last commit staging released is cccccccccccc (release 2, tag staging-2)"},
	}
	for _, tt := range tests {
		got := Decide(c("a"), "staging", tt.released)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCheckReadsEitherEngine: the same rule (the policy in force) and the
// same records give the same answer over git and over the GitHub API.
func TestCheckReadsEitherEngine(t *testing.T) {
	t.Parallel()
	o := gittest.NewOrigin(t, t.TempDir())
	gittest.Commit(t, o.Clone, "app.go", "v2\n", "feat: v2")
	head := gittest.Git(t, o.Clone, "rev-parse", "HEAD")
	gittest.Git(t, o.Clone, "push", "-q", "origin", "main")
	older := gittest.Git(t, o.Clone, "rev-parse", "HEAD~1")
	rec := record.Record{Build: "46", Environment: "staging", Commit: head, Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	gittest.Git(t, o.Clone, "tag", "-a", "staging-46", "-m", rec.Message(), head)
	gittest.Git(t, o.Clone, "push", "-q", "origin", "staging-46")
	rule, err := policy.Parse([]byte("promotion:\n  production: [staging]\n"))
	if err != nil {
		t.Fatal(err)
	}

	repo, err := gitrepo.Open(o.Clone, "origin", gitrepo.Credentials{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	gh := fakegithub.New()
	defer gh.Close()
	if err := gh.AddRepo("acme", "shop", o.Bare, "main"); err != nil {
		t.Fatal(err)
	}
	gh.AddToken("read-token-1234567890", fakegithub.Read)
	client, err := ghapi.New(gh.URL, "read-token-1234567890", "acme", "shop", config.HTTPPolicy(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]Released{}
	for name, r := range map[string]Remote{"git": repo, "github": ghapi.NewEngine(client)} {
		ctx := context.Background()
		evidence, err := Check(ctx, r, Options{Commit: head, Environment: "production", Policy: rule})
		if err != nil || strings.Join(Environments(evidence), ",") != "staging" {
			t.Fatalf("%s: the released commit: %v (evidence %v)", name, err, evidence)
		}
		seen[name] = evidence[0]
		// the rule is the policy's, whatever case the environment is named in
		_, err = Check(ctx, r, Options{Commit: older, Environment: "Production", Policy: rule})
		if !fault.Is(err, fault.Refused) {
			t.Errorf("%s: --environment Production escaped the production rule: kind %v %v", name, fault.KindOf(err), err)
		}
		// no rule: nothing required
		if required, err := Check(ctx, r, Options{Commit: older, Environment: "production"}); err != nil || len(required) != 0 {
			t.Errorf("%s: no policy: %v %v", name, required, err)
		}
		// asked for by flag, it is refused: staging never released it
		_, err = Check(ctx, r, Options{Commit: older, Environment: "production", Required: []string{"staging"}})
		if !fault.Is(err, fault.Refused) || !strings.Contains(err.Error(), "release 46, tag staging-46") {
			t.Errorf("%s: the older commit: kind %v %v", name, fault.KindOf(err), err)
		}
	}
	// both engines name the tag's tagger and the record's time; a record
	// made with git tag -a and no pipeline is hand-made
	byGit, byAPI := seen["git"], seen["github"]
	if byGit.Tagger.Name != "Dana Developer" || byGit.Tagger.Name != byAPI.Tagger.Name || byGit.Tagger.Email != byAPI.Tagger.Email ||
		!byGit.Tagger.When.Equal(byAPI.Tagger.When) || !byGit.Time.Equal(rec.Time) || !byAPI.Time.Equal(rec.Time) {
		t.Errorf("the engines disagree on the record's maker: git %+v, github %+v", byGit, byAPI)
	}
	if !byGit.HandMade() || !strings.Contains(byAPI.Line(), "by Dana Developer <dana@example.com>; hand-made: names no pipeline") {
		t.Errorf("a record without a pipeline: %q", byAPI.Line())
	}
}

// TestEvidenceLine: the promotion line names the record's tagger, time and
// pipeline; a record without a pipeline or a time is hand-made, shown as
// such with the tag's own date, and raises a warning; a pipeline's record
// is preferred to a hand-made one of the same commit.
func TestEvidenceLine(t *testing.T) {
	t.Parallel()
	c := strings.Repeat("a", 40)
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	bot := gitref.Signature{Name: "hotlane", Email: "hotlane@localhost", When: at}
	pat := gitref.Signature{Name: "Pat Person", Email: "pat@example.com", When: at.Add(time.Hour)}
	piped := Released{Environment: "staging", Build: "46", Tag: "staging-46", Commit: c, Recorded: true, Tagger: bot, Time: at, Pipeline: "https://ci.example/run/7"}
	byHand := Released{Environment: "staging", Build: "16", Tag: "staging-16", Commit: c, Recorded: true, Tagger: pat}
	tests := []struct {
		name     string
		released []Released
		line     string
		warning  string
	}{
		{"a pipeline's record", []Released{piped},
			"staging: release 46 (staging-46) recorded 2026-11-30T10:00:00Z by hotlane <hotlane@localhost> in https://ci.example/run/7", ""},
		{"a hand-made record", []Released{byHand},
			"staging: release 16 (staging-16) by Pat Person <pat@example.com> on 2026-11-30T11:00:00Z; hand-made: names no pipeline and no time",
			"the promotion from staging rests on a hand-made record: staging-16 (release 16) was tagged by Pat Person <pat@example.com> on 2026-11-30T11:00:00Z and its record names no pipeline and no time"},
		{"a record with a time and no pipeline", []Released{{Environment: "qa", Build: "3", Tag: "qa-3", Commit: c, Recorded: true, Tagger: pat, Time: at}},
			"qa: release 3 (qa-3) recorded 2026-11-30T10:00:00Z by Pat Person <pat@example.com>; hand-made: names no pipeline", "names no pipeline"},
		{"the pipeline's record first", []Released{byHand, piped, {Environment: "staging", Build: "99", Commit: c}}, "release 46 (staging-46)", ""},
		{"no tagger", []Released{{Environment: "qa", Build: "3", Tag: "qa-3", Commit: c, Recorded: true}}, "by an unnamed tagger; hand-made", "hand-made"},
	}
	for _, tt := range tests {
		rel, ok := Evidence(c, tt.released)
		if !ok {
			t.Fatalf("%s: no evidence", tt.name)
		}
		if got := rel.Line(); !strings.Contains(got, tt.line) {
			t.Errorf("%s: Line() = %q, want %q", tt.name, got, tt.line)
		}
		if got := rel.Warning(); (tt.warning == "") != (got == "") || !strings.Contains(got, tt.warning) {
			t.Errorf("%s: Warning() = %q, want %q", tt.name, got, tt.warning)
		}
	}
	if _, ok := Evidence(c, []Released{{Build: "1", Commit: c}, {Build: "2", Commit: strings.Repeat("b", 40), Recorded: true}}); ok {
		t.Error("Evidence without a record of the commit")
	}
}

// TestGatesRelease: a check applies the promotion rule only when it gates
// a release: an environment or a required one named, outside a pull- or
// merge-request run.
func TestGatesRelease(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env, require, pr bool
		applies          bool
		why              string
	}{
		{false, false, false, false, "no --environment given"},
		{true, false, false, true, ""},
		{false, true, false, true, ""},
		{true, true, false, true, ""},
		{true, false, true, false, "a pull-request run"},
		{false, true, true, false, "a pull-request run"},
		{false, false, true, false, "a pull-request run"},
	}
	for _, tt := range tests {
		applies, why := GatesRelease(tt.env, tt.require, tt.pr)
		if applies != tt.applies || !strings.Contains(why, tt.why) || (tt.applies && why != "") {
			t.Errorf("GatesRelease(%v, %v, %v) = %v %q, want %v %q", tt.env, tt.require, tt.pr, applies, why, tt.applies, tt.why)
		}
	}
}

func TestRule(t *testing.T) {
	t.Parallel()
	f := policy.File{Promotion: map[string][]string{"production": {"staging"}, "Staging": {"qa"}}}
	tests := []struct {
		required []string
		env      string
		want     string
	}{
		{nil, "production", "staging"}, {nil, "PRODUCTION", "staging"}, {nil, "staging", "qa"}, {nil, "qa", ""},
		{[]string{"canary"}, "production", "canary"}, {[]string{}, "production", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(Rule(tt.required, f, tt.env), ","); got != tt.want {
			t.Errorf("Rule(%v, %s) = %q, want %q", tt.required, tt.env, got, tt.want)
		}
	}
}
