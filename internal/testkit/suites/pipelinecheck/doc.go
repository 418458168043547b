// Package pipelinecheck owns the proof that the pipeline files users copy
// work: action.yml, the workflows, the GitLab components, the Azure
// templates, the Jenkins library, Jenkinsfile.example, pipelines/ and the
// installer. It has tests only.
//
// The checks that need only Go run with every go test: the action's inputs
// are exactly hotlane's settings and reach it through env:, every command
// is reachable from the action, the configuration table documents every
// setting, and the installer copies embedded in the GitLab, Azure and
// Jenkins files are pipelines/install.sh byte for byte (-update rewrites
// them).
//
// The rest sit behind the "validators" build tag, since they run the real
// third-party tools (node/npm, java, rsync, curl, busybox): actionlint and
// nektos/act run the action from a user's workflow, gitlab-ci-local runs
// the components from a user's repository, ajv checks the Azure files
// against the published schema and their scripts run with an agent's
// variables, npm-groovy-lint lints the Jenkins files,
// azure-pipelines-task-lib parses hotlane's ##vso lines, install.sh
// installs from a release layout served locally (also under busybox alone,
// as an alpine image runs it), and goreleaser builds a snapshot release
// that install.sh installs. scripts/test (CI) runs them; plain go test
// ./... does not.
package pipelinecheck
