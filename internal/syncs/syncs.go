// Package syncs owns the hotfix-dev sync targets of a release: telling
// the systems where hotfixes are developed which lane now mirrors
// production (a GitHub workflow run, deployment or environment variable, a
// signed webhook, a command, a Jenkins job, an Azure DevOps pipeline run). Each
// target reports its own outcome; a failed one never undoes the release,
// and re-running the release sends it again.
package syncs

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/hotlane/hotlane/internal/record"
)

// Kinds of target.
const (
	GitHubDeployment = "github-deployment"
	GitHubVariable   = "github-variable"
	Webhook          = "webhook"
	Command          = "command"
	Jenkins          = "jenkins"
	AzurePipeline    = "azure-pipeline"
)

// Spec is one --sync value, parsed.
type Spec struct {
	Kind string
	Arg  string // the environment, ENV:NAME, URL, command, job URL or pipeline id
}

// String is the spec as a person reads it; a command is shortened.
func (s Spec) String() string {
	switch s.Kind {
	case Command:
		c := s.Arg
		if len(c) > 40 {
			c = c[:40] + "…"
		}
		return Command + "=" + c
	case Webhook, Jenkins:
		return s.Kind + "=" + redactURL(s.Arg)
	}
	return s.Kind + "=" + s.Arg
}

// redactURL is raw without user information and query. An address that
// does not parse (a server's Location header, say) is not echoed at all:
// its credentials could not be told apart.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an address that does not parse)"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// Defaults are what a target that names no workflow, environment or
// variable tells (package config decides them).
type Defaults struct {
	DispatchWorkflow string // github-dispatch's WORKFLOW
	Deployment       string // github-deployment's ENV
	Variable         string // github-variable's ENV:NAME
}

// Parse reads a --sync value: github-dispatch[=WORKFLOW[@REF]],
// github-deployment[=ENV], github-variable[=ENV:NAME], webhook=URL,
// command=CMD, jenkins=JOB_URL or azure-pipeline=ID; d fills in what the
// value leaves out.
func Parse(value string, d Defaults) (Spec, error) {
	kind, arg, _ := strings.Cut(strings.TrimSpace(value), "=")
	s := Spec{Kind: kind, Arg: strings.TrimSpace(arg)}
	switch kind {
	case GitHubDispatch:
		return parseDispatch(s, value, d.DispatchWorkflow)
	case GitHubDeployment:
		s.Arg = cmp.Or(s.Arg, d.Deployment)
	case GitHubVariable:
		s.Arg = cmp.Or(s.Arg, d.Variable)
		if env, name, ok := strings.Cut(s.Arg, ":"); !ok || env == "" || name == "" {
			return s, fmt.Errorf("--sync %s: want github-variable=ENVIRONMENT:NAME", value)
		}
	case Webhook, Jenkins:
		u, err := url.Parse(s.Arg)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return s, fmt.Errorf("--sync %s: want %s=URL (http or https)", redactURL(value), kind)
		}
	case Command:
		if s.Arg == "" {
			return s, fmt.Errorf("--sync %s: want command=CMD", value)
		}
	case AzurePipeline:
		if _, err := strconv.Atoi(s.Arg); err != nil {
			return s, fmt.Errorf("--sync %s: want azure-pipeline=ID, the pipeline's number", value)
		}
	default:
		return s, fmt.Errorf("--sync %q: unknown target; want github-dispatch, github-deployment, github-variable, webhook, command, jenkins or azure-pipeline", kind)
	}
	return s, nil
}

// Event is what a target is told.
type Event struct {
	Record record.Record
	Tag    string
	Lane   string
}

// Payload is the documented JSON body of a webhook and the payload of a
// GitHub deployment.
type Payload struct {
	Event       string `json:"event"` // "release"
	Release     string `json:"release"`
	Environment string `json:"environment"`
	Commit      string `json:"commit"`
	Tag         string `json:"tag"`
	Lane        string `json:"lane"`
	Source      string `json:"source,omitempty"`
	Pipeline    string `json:"pipeline,omitempty"`
	Actor       string `json:"actor,omitempty"`
	Time        string `json:"time,omitempty"`
	RollbackOf  string `json:"rollback_of,omitempty"`
}

// PayloadOf builds the payload of ev.
func PayloadOf(ev Event) Payload {
	r := ev.Record
	p := Payload{Event: "release", Release: r.Build, Environment: r.Environment, Commit: r.Commit, Tag: ev.Tag, Lane: ev.Lane,
		Source: r.Source, Pipeline: r.Pipeline, Actor: r.Actor, RollbackOf: r.RollbackOf}
	if !r.Time.IsZero() {
		p.Time = r.Time.UTC().Format("2006-01-02T15:04:05Z")
	}
	return p
}

// Outcome is what one target did.
type Outcome struct {
	Spec   Spec
	Err    error
	Detail string // what was done, on success
}

// Run sends ev to every target in order and reports each outcome.
func Run(ctx context.Context, specs []Spec, d Deps, ev Event) []Outcome {
	var out []Outcome
	for _, s := range specs {
		detail, err := send(ctx, s, d, ev)
		out = append(out, Outcome{Spec: s, Err: err, Detail: detail})
	}
	return out
}

func send(ctx context.Context, s Spec, d Deps, ev Event) (string, error) {
	switch s.Kind {
	case GitHubDispatch:
		return d.githubDispatch(ctx, s.Arg, ev)
	case GitHubDeployment:
		return d.githubDeployment(ctx, s.Arg, ev)
	case GitHubVariable:
		env, name, _ := strings.Cut(s.Arg, ":")
		return d.githubVariable(ctx, env, name, ev)
	case Webhook:
		return d.webhook(ctx, s.Arg, ev)
	case Command:
		return d.command(ctx, s.Arg, ev)
	case Jenkins:
		return d.jenkins(ctx, s.Arg, ev)
	case AzurePipeline:
		return d.azurePipeline(ctx, s.Arg, ev)
	}
	return "", fmt.Errorf("unknown target %s", s.Kind)
}
