// Package pipelinecheck owns the proof that the pipeline files users copy
// work: action.yml, the workflows, Jenkinsfile.example and pipelines/ are
// checked by the real third-party tools (actionlint, nektos/act,
// ajv against the Azure Pipelines schema, azure-pipelines-task-lib,
// npm-groovy-lint), and the hotlane invocations of each example are run
// with that CI's documented variables against a local bare remote. It has
// tests only, behind the "validators" build tag: they need node/npm, java
// and ../shared, and scripts/test (CI) runs them; plain go test ./... does
// not.
package pipelinecheck
