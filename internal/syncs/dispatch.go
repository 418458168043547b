package syncs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// GitHubDispatch runs a workflow through GitHub's workflow_dispatch event:
// unlike a deployment, it starts a run even when the release used the
// job's GITHUB_TOKEN.
const GitHubDispatch = "github-dispatch"

// WorkflowDispatcher is what the github-dispatch target needs from GitHub.
type WorkflowDispatcher interface {
	DispatchWorkflow(ctx context.Context, workflow, ref string, inputs map[string]string) error
}

var (
	// a workflow file name in .github/workflows, or a workflow's id
	workflowName = regexp.MustCompile(`^([A-Za-z0-9_.-]+\.ya?ml|[1-9][0-9]*)$`)
	// a branch or tag name, as a dispatch's ref
	dispatchRef = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./-]*$`)
)

// parseDispatch checks github-dispatch[=WORKFLOW[@REF]] and fills in the
// default workflow.
func parseDispatch(s Spec, value, defaultWorkflow string) (Spec, error) {
	if s.Arg == "" {
		s.Arg = defaultWorkflow
	}
	workflow, ref, hasRef := strings.Cut(s.Arg, "@")
	if !workflowName.MatchString(workflow) || (hasRef && (!dispatchRef.MatchString(ref) || strings.Contains(ref, ".."))) {
		return s, fmt.Errorf("--sync %s: want github-dispatch=WORKFLOW[@REF], WORKFLOW a file name in .github/workflows "+
			"(default %s) or a workflow id, REF a branch or tag (default: the lane)", value, defaultWorkflow)
	}
	return s, nil
}

// DispatchInputs are the inputs a github-dispatch run gets; its workflow
// declares them under on.workflow_dispatch.inputs.
func DispatchInputs(ev Event) map[string]string {
	return map[string]string{"lane": ev.Lane, "release": ev.Record.Build, "tag": ev.Tag, "commit": ev.Record.Commit,
		"environment": ev.Record.Environment}
}

// githubDispatch runs the workflow on the lane (or the ref the target
// names) with the release as inputs.
func (d Deps) githubDispatch(ctx context.Context, arg string, ev Event) (string, error) {
	gh, ok := d.GitHub.(WorkflowDispatcher)
	if !ok {
		return "", errors.New("no GitHub repository and token: set GITHUB_REPOSITORY (or a GitHub remote) and GITHUB_TOKEN")
	}
	workflow, ref, _ := strings.Cut(arg, "@")
	if ref == "" {
		ref = ev.Lane
	}
	if err := gh.DispatchWorkflow(ctx, workflow, ref, DispatchInputs(ev)); err != nil {
		return "", err
	}
	return fmt.Sprintf("workflow %s dispatched on %s with lane=%s", workflow, ref, ev.Lane), nil
}
