// Package speaker owns how one run speaks in the CI it runs in: its
// annotations (redacted, and capped where GitHub shows only a few), the
// secrets it masks, its outputs for later steps and --env-file, and the
// gate's findings in the CI's own UI. The use cases hear it through their
// own small Reporter interfaces.
package speaker

import (
	"fmt"
	"io"
	"strings"

	"github.com/hotlane/hotlane/internal/check/report"
	"github.com/hotlane/hotlane/internal/check/verdict"
	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/gitrepo"
	"github.com/hotlane/hotlane/internal/fault"
	"github.com/hotlane/hotlane/internal/naming"
)

// Speaker is one run's voice in its CI.
type Speaker struct {
	platform ci.Platform
	secrets  *gitrepo.Redactor // the run's: its final error line is redacted by it too
	log      io.Writer         // where a line for the reader goes (stderr)
	// Files are where outputs go besides the CI's own channel.
	Files OutputFiles
}

// New speaks through platform, hiding secrets (to which it adds the ones
// it is given) and telling the reader on log.
func New(platform ci.Platform, secrets *gitrepo.Redactor, log io.Writer) *Speaker {
	return &Speaker{platform: platform, secrets: secrets, log: log}
}

// traits are what the CI spoken through offers.
func (s *Speaker) traits() ci.Traits { return ci.TraitsOf(s.platform.Name()) }

// Platform is the CI adapter spoken through.
func (s *Speaker) Platform() ci.Platform { return s.platform }

// Annotate raises msg in the CI's UI, every known secret redacted.
func (s *Speaker) Annotate(level ci.Level, msg string) {
	s.platform.Annotate(level, s.secrets.String(msg))
}

// AnnotateAll raises each message; where the CI shows only so many of a
// step (GitHub: ten), the first of them but one, and then one that counts
// the rest.
func (s *Speaker) AnnotateAll(level ci.Level, msgs []string, rest string) {
	if limit := s.traits().AnnotationLimit; limit > 0 && len(msgs) > limit {
		n := len(msgs) - (limit - 1)
		msgs = append(msgs[:limit-1:limit-1], fmt.Sprintf("%d %s", n, rest))
	}
	for _, m := range msgs {
		s.Annotate(level, m)
	}
}

// Protect registers secrets (a token, a password in a URL): each is masked
// in the CI log once, and redacted from everything hotlane prints.
func (s *Speaker) Protect(secrets ...string) {
	for _, secret := range secrets {
		if secret == "" || s.secrets.Has(secret) {
			continue
		}
		s.secrets.Add(secret)
		if s.secrets.Has(secret) { // long enough to be one
			s.platform.Mask(secret)
		}
	}
}

// Redact hides every known secret in text.
func (s *Speaker) Redact(text string) string { return s.secrets.String(text) }

// Summary appends markdown to the run's summary page (GitHub's step
// summary), every known secret redacted (a summary is not a log: the
// runner's masks may not reach it); where the CI has none, nothing. A
// summary that cannot be written is a warning.
func (s *Speaker) Summary(markdown string) {
	if !s.traits().SummaryPage {
		return
	}
	if err := s.platform.Summary(s.Redact(markdown)); err != nil {
		s.Annotate(ci.Warning, err.Error())
	}
}

// SummaryOf appends what render writes (markdown) to the run's summary
// page; where the CI has none, it renders nothing.
func (s *Speaker) SummaryOf(render func(io.Writer) error) {
	if !s.traits().SummaryPage {
		return
	}
	var b strings.Builder
	if err := render(&b); err != nil {
		s.Annotate(ci.Warning, "the step summary: "+err.Error())
		return
	}
	s.Summary(b.String())
}

// OutputFiles say where outputs go besides the CI's own channel.
type OutputFiles struct {
	EnvFile, EnvFileFormat string // --env-file, if asked
	// CIFile says the CI gave an output file (GitHub's GITHUB_OUTPUT).
	CIFile bool
}

// WriteOutputs hands a command's outputs to the CI and to the env file,
// once its work is done (done says what: "the release is recorded"). A CI
// output channel that fails is a warning per output; nothing is undone,
// but a missing output fails the step (exit 3) saying that a re-run
// writes it.
func (s *Speaker) WriteOutputs(outputs []ci.Output, done string) error {
	env := s.Files
	var failed []string
	for _, o := range outputs {
		if err := s.platform.SetOutput(o.Name, o.Value); err != nil {
			s.Annotate(ci.Warning, err.Error())
			if s.traits().OutputFile && !env.CIFile {
				break // no output channel at all: said once
			}
			failed = append(failed, o.Name) // the others are still written
		}
	}
	var envErr error
	if env.EnvFile != "" {
		if envErr = ci.WriteEnvFile(env.EnvFile, env.EnvFileFormat, outputs); envErr == nil {
			fmt.Fprintf(s.log, "outputs written to %s\n", env.EnvFile)
		}
	}
	switch {
	case envErr != nil:
		return fault.Failedf("%s, but %w: the outputs are missing from %s (running the command again writes them)", done, envErr, env.EnvFile)
	case len(failed) > 0:
		return fault.Failedf("%s, but the output(s) %s could not be written for the CI (see the warnings); running the command again writes them", done, strings.Join(failed, ", "))
	}
	return nil
}

// GateFindings raises the gate's findings in the CI's own UI: an error
// annotation per missing commit (GitHub shows only the first ten, so the
// full table goes to the step summary), warnings for lane notes and
// problems, a notice per adapted copy, and the counts as outputs.
func (s *Speaker) GateFindings(rep verdict.Report) {
	for _, l := range rep.Lanes {
		for _, w := range l.Warnings {
			s.Annotate(ci.Warning, l.Lane+": "+w)
		}
	}
	s.AnnotateAll(ci.Error, verdict.MissingLines(rep, "the candidate lacks"), "more hotfix commits are missing: see the step summary")
	for _, l := range rep.Lanes {
		for _, v := range l.Verdicts {
			if v.Status == verdict.Adapted {
				s.Annotate(ci.Notice, fmt.Sprintf("%s: hotfix %s %q is accepted as adapted by main-line commit %s (%s, another patch); --strict refuses adapted copies",
					l.Lane, naming.Short(v.Commit.SHA), v.Commit.Subject, naming.Short(v.Evidence), v.Note))
			}
		}
	}
	for _, p := range rep.Problems {
		s.Annotate(ci.Warning, p)
	}
	for _, n := range rep.Notices {
		s.Annotate(ci.Notice, n)
	}
	// rendered only where the CI has a summary page (12 ms on containerd's
	// five release lines, for nothing elsewhere)
	s.SummaryOf(func(w io.Writer) error {
		_, err := io.WriteString(w, report.Markdown(rep, 500))
		return err
	})
	sum := rep.Summary()
	for _, o := range []ci.Output{{Name: "missing", Value: fmt.Sprint(sum.Missing)}, {Name: "commits", Value: fmt.Sprint(sum.Commits)}, {Name: "lanes", Value: fmt.Sprint(sum.Lanes)}} {
		if err := s.platform.SetOutput(o.Name, o.Value); err != nil {
			// the report is the gate's answer; a CI output channel that
			// fails is said, and does not change the exit code
			s.Annotate(ci.Warning, err.Error())
			break
		}
	}
}
