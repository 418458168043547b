package ci

import "testing"

// TestPullRequest: each CI's documented way of saying "this run checks a
// pull (merge) request", and the runs that are not one.
func TestPullRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind string
		env  map[string]string
		want bool
	}{
		{GitHub, map[string]string{"GITHUB_EVENT_NAME": "pull_request"}, true},
		{GitHub, map[string]string{"GITHUB_EVENT_NAME": "pull_request_target"}, true},
		{GitHub, map[string]string{"GITHUB_EVENT_NAME": "merge_group"}, true},
		{GitHub, map[string]string{"GITHUB_EVENT_NAME": "push"}, false},
		{GitHub, map[string]string{"GITHUB_EVENT_NAME": "workflow_dispatch"}, false},
		{GitHub, map[string]string{}, false},
		{GitLab, map[string]string{"CI_MERGE_REQUEST_IID": "12"}, true},
		{GitLab, map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event"}, true},
		{GitLab, map[string]string{"CI_PIPELINE_SOURCE": "push"}, false},
		{Azure, map[string]string{"BUILD_REASON": "PullRequest"}, true},
		{Azure, map[string]string{"BUILD_REASON": "IndividualCI"}, false},
		{Jenkins, map[string]string{"CHANGE_ID": "42"}, true},
		{Jenkins, map[string]string{"BRANCH_NAME": "main"}, false},
		{None, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "CHANGE_ID": "1"}, false},
	}
	for _, tt := range tests {
		if got := ContextFrom(tt.kind, tt.env).PullRequest; got != tt.want {
			t.Errorf("ContextFrom(%s, %v).PullRequest = %v, want %v", tt.kind, tt.env, got, tt.want)
		}
	}
}
