package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// DispatchWorkflow starts a run of workflow (its file name in
// .github/workflows, or its id) on ref with inputs: GitHub's
// workflow_dispatch event. GitHub starts it even when the token is the
// job's GITHUB_TOKEN, whose other events start no workflow. The request is
// not repeated once it reached GitHub: a second run would deploy twice.
func (c *Client) DispatchWorkflow(ctx context.Context, workflow, ref string, inputs map[string]string) error {
	in := make(map[string]any, len(inputs))
	for k, v := range inputs {
		in[k] = v
	}
	_, err := c.gh.Actions.CreateWorkflowDispatchEventByFileName(ctx, c.Owner, c.Repo, workflow,
		github.CreateWorkflowDispatchEventRequest{Ref: ref, Inputs: in})
	if err == nil {
		return nil
	}
	action := fmt.Sprintf("dispatch workflow %s on %s", workflow, ref)
	switch {
	case isStatus(err, http.StatusNotFound):
		return fmt.Errorf("%s: GitHub answered 404 Not Found: %s/%s has no workflow %s (the file .github/workflows/%s must be on the "+
			"default branch), or the token cannot see the repository", action, c.Owner, c.Repo, workflow, workflow)
	case isStatus(err, http.StatusUnprocessableEntity):
		return fmt.Errorf("%s: GitHub refused it (%s): the workflow's file at %s needs `on: workflow_dispatch` with the inputs "+
			"lane, release, tag, commit and environment", action, errorMessage(err), ref)
	}
	return explain(action, err)
}

// errorMessage is GitHub's message in an API error.
func errorMessage(err error) string {
	var ge *github.ErrorResponse
	if errors.As(err, &ge) {
		return ge.Message
	}
	return err.Error()
}
