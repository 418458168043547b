package ci

import (
	"net/url"
	"strings"
)

// Context is what a CI system says about the current run, read from its
// documented variables. Empty fields are unknown.
type Context struct {
	Build        string
	Commit       string
	SourceBranch string
	PipelineURL  string
	Actor        string
	// PullRequest says the run checks a pull or merge request (GitHub's
	// pull_request, pull_request_target and merge_group events, a GitLab
	// merge request pipeline, an Azure DevOps PR validation build, a
	// Jenkins change request): a run that gates no release.
	PullRequest bool
	// Token is the CI's own token for the repository, where the job's
	// environment holds it under the CI's name (Azure DevOps'
	// SYSTEM_ACCESSTOKEN, once mapped into the step's env).
	Token string
}

// ContextFrom reads the run's context from env, for the CI system kind.
func ContextFrom(kind string, env map[string]string) Context {
	switch kind {
	case GitHub:
		return githubContext(env)
	case Jenkins:
		return Context{
			Build:        env["BUILD_NUMBER"],
			Commit:       env["GIT_COMMIT"],
			SourceBranch: firstNonEmpty(env["BRANCH_NAME"], trimBranch(env["GIT_BRANCH"])),
			PipelineURL:  env["BUILD_URL"],
			Actor:        env["BUILD_USER_ID"],
			PullRequest:  env["CHANGE_ID"] != "",
		}
	case Azure:
		return Context{
			Build:        env["BUILD_BUILDNUMBER"],
			Commit:       env["BUILD_SOURCEVERSION"],
			SourceBranch: trimBranch(firstNonEmpty(env["SYSTEM_PULLREQUEST_SOURCEBRANCH"], env["BUILD_SOURCEBRANCH"])),
			PipelineURL:  azurePipelineURL(env),
			Actor:        env["BUILD_REQUESTEDFOR"],
			PullRequest:  strings.EqualFold(env["BUILD_REASON"], "PullRequest"),
			Token:        env["SYSTEM_ACCESSTOKEN"],
		}
	case GitLab:
		return Context{
			Build:        env["CI_PIPELINE_IID"],
			Commit:       env["CI_COMMIT_SHA"],
			SourceBranch: firstNonEmpty(env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], env["CI_COMMIT_BRANCH"], env["CI_COMMIT_REF_NAME"]),
			PipelineURL:  env["CI_PIPELINE_URL"],
			Actor:        env["GITLAB_USER_LOGIN"],
			PullRequest:  env["CI_MERGE_REQUEST_IID"] != "" || env["CI_PIPELINE_SOURCE"] == "merge_request_event",
		}
	}
	return Context{}
}

func githubContext(env map[string]string) Context {
	c := Context{Build: env["GITHUB_RUN_NUMBER"], Commit: env["GITHUB_SHA"], Actor: env["GITHUB_ACTOR"]}
	switch env["GITHUB_EVENT_NAME"] {
	case "pull_request", "pull_request_target", "merge_group":
		c.PullRequest = true
	}
	switch {
	case env["GITHUB_HEAD_REF"] != "":
		c.SourceBranch = env["GITHUB_HEAD_REF"]
	case strings.HasPrefix(env["GITHUB_REF"], "refs/heads/"):
		c.SourceBranch = strings.TrimPrefix(env["GITHUB_REF"], "refs/heads/")
	}
	if env["GITHUB_SERVER_URL"] != "" && env["GITHUB_REPOSITORY"] != "" && env["GITHUB_RUN_ID"] != "" {
		c.PipelineURL = strings.TrimSuffix(env["GITHUB_SERVER_URL"], "/") + "/" + env["GITHUB_REPOSITORY"] +
			"/actions/runs/" + env["GITHUB_RUN_ID"]
		if a := env["GITHUB_RUN_ATTEMPT"]; a != "" && a != "1" {
			c.PipelineURL += "/attempts/" + a
		}
	}
	return c
}

func azurePipelineURL(env map[string]string) string {
	base, project, id := env["SYSTEM_COLLECTIONURI"], env["SYSTEM_TEAMPROJECT"], env["BUILD_BUILDID"]
	if base == "" || project == "" || id == "" {
		return ""
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + url.PathEscape(project) + "/_build/results?buildId=" + url.QueryEscape(id)
}

// trimBranch turns "refs/heads/main" or Jenkins' "origin/main" into "main".
func trimBranch(ref string) string {
	for _, p := range []string{"refs/heads/", "refs/remotes/origin/", "origin/"} {
		if strings.HasPrefix(ref, p) {
			return strings.TrimPrefix(ref, p)
		}
	}
	return ref
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
