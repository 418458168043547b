package ghapi

import (
	"context"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// Deploy creates a deployment of ref to environment with payload, and a
// "queued" deployment status; workflows on the deployment event take it
// from there. A deployment is not created twice by a retry: the request is
// not repeated once it reached GitHub.
func (c *Client) Deploy(ctx context.Context, ref, environment, description string, payload any) (int64, error) {
	autoMerge, contexts, task := false, []string{}, "deploy"
	d, _, err := c.gh.Repositories.CreateDeployment(ctx, c.Owner, c.Repo, &github.DeploymentRequest{
		Ref: &ref, Task: &task, Environment: &environment, Description: &description, Payload: payload,
		AutoMerge: &autoMerge, RequiredContexts: &contexts,
	})
	if err != nil {
		return 0, explain("create a deployment of "+ref+" to "+environment, err)
	}
	state := "queued"
	if _, _, err := c.gh.Repositories.CreateDeploymentStatus(ctx, c.Owner, c.Repo, d.GetID(), &github.DeploymentStatusRequest{
		State: &state, Description: &description, Environment: &environment,
	}); err != nil {
		return d.GetID(), explain("set the status of deployment "+d.GetNodeID(), err)
	}
	return d.GetID(), nil
}

// SetEnvVariable sets an environment's variable, creating it if needed.
// go-github v60 addresses environment variables by the numeric repository
// id, which is looked up first.
func (c *Client) SetEnvVariable(ctx context.Context, environment, name, value string) error {
	repo, _, err := c.gh.Repositories.Get(ctx, c.Owner, c.Repo)
	if err != nil {
		return explain("look up the repository id", err)
	}
	id := int(repo.GetID())
	v := &github.ActionsVariable{Name: name, Value: value}
	_, err = c.gh.Actions.UpdateEnvVariable(ctx, id, environment, v)
	if isStatus(err, http.StatusNotFound) {
		_, err = c.gh.Actions.CreateEnvVariable(ctx, id, environment, v)
	}
	if err != nil {
		return explain("set variable "+name+" of environment "+environment, err)
	}
	return nil
}
