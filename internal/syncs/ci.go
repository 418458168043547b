package syncs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"github.com/hotlane/hotlane/internal/engine/httpx"
)

// jenkins triggers jobURL's buildWithParameters with the lane and the
// release. When Jenkins issues CSRF crumbs it gets one first, in the same
// session (Jenkins ties a crumb to the session cookie).
func (d Deps) jenkins(ctx context.Context, jobURL string, ev Event) (string, error) {
	if d.JenkinsUser == "" || d.JenkinsToken == "" {
		return "", errors.New("a Jenkins job needs a user and an API token: set JENKINS_USER and JENKINS_API_TOKEN (or HOTLANE_JENKINS_USER and HOTLANE_JENKINS_TOKEN)")
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	if d.HTTP != nil {
		client.Transport, client.Timeout = d.HTTP.Transport, d.HTTP.Timeout
	}
	client = httpx.NoRedirects(client)
	job := strings.TrimSuffix(jobURL, "/")
	root := job
	if i := strings.Index(job, "/job/"); i >= 0 {
		root = job[:i]
	}
	crumbField, crumb, err := d.jenkinsCrumb(ctx, client, root)
	if err != nil {
		return "", err
	}
	form := url.Values{"HOTFIX_BRANCH": {ev.Lane}, "RELEASE": {ev.Record.Build}, "COMMIT": {ev.Record.Commit}, "TAG": {ev.Tag}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job+"/buildWithParameters", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(d.JenkinsUser, d.JenkinsToken)
	if crumb != "" {
		req.Header.Set(crumbField, crumb)
	}
	if err := (Deps{HTTP: client}).do(req, "Jenkins job "+redactURL(job)); err != nil {
		return "", err
	}
	return "queued a build of " + redactURL(job) + " with HOTFIX_BRANCH=" + ev.Lane, nil
}

func (d Deps) jenkinsCrumb(ctx context.Context, client *http.Client, root string) (field, crumb string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root+"/crumbIssuer/api/json", nil)
	if err != nil {
		return "", "", err
	}
	req.SetBasicAuth(d.JenkinsUser, d.JenkinsToken)
	resp, err := client.Do(req)
	if err != nil {
		return "", "", fmt.Errorf("jenkins crumb: %w", scrub(err))
	}
	defer resp.Body.Close()
	if err := redirected("jenkins crumb issuer", resp); err != nil {
		return "", "", err
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return "", "", nil // CSRF protection is off
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return "", "", fmt.Errorf("jenkins refused the user and API token (%s): check JENKINS_USER and JENKINS_API_TOKEN", resp.Status)
	case resp.StatusCode/100 != 2:
		return "", "", fmt.Errorf("jenkins crumb issuer answered %s", resp.Status)
	}
	var c struct{ Crumb, CrumbRequestField string }
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return "", "", fmt.Errorf("jenkins crumb: %w", err)
	}
	return c.CrumbRequestField, c.Crumb, nil
}

// azurePipeline queues a run of pipeline id on the lane through the
// Pipelines "Runs" REST API, with the job's access token as bearer.
func (d Deps) azurePipeline(ctx context.Context, id string, ev Event) (string, error) {
	if d.AzureToken == "" || d.AzureCollectionURI == "" || d.AzureProject == "" {
		return "", errors.New("an Azure DevOps pipeline run needs SYSTEM_ACCESSTOKEN (map it in the step's env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)), SYSTEM_COLLECTIONURI and SYSTEM_TEAMPROJECT")
	}
	endpoint := strings.TrimSuffix(d.AzureCollectionURI, "/") + "/" + url.PathEscape(d.AzureProject) + "/_apis/pipelines/" + id + "/runs?api-version=7.1"
	body, err := json.Marshal(map[string]any{"resources": map[string]any{"repositories": map[string]any{"self": map[string]any{"refName": "refs/heads/" + ev.Lane}}}})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+d.AzureToken)
	if err := d.do(req, "Azure DevOps pipeline "+id); err != nil {
		return "", err
	}
	return "queued a run of pipeline " + id + " on " + ev.Lane, nil
}
