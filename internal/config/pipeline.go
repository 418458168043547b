package config

// PipelineVariables are HOTLANE_* variables that hotlane's own pipeline
// files use and hotlane itself never reads: the installer's
// (pipelines/install.sh and its copies in the GitLab components, the Azure
// templates and the Jenkins library) and the ones the action and the
// templates use to pass the command. The warning about unknown HOTLANE_*
// variables (UnknownVariables) does not name them; the pipeline files
// unset them before hotlane runs where they can.
var PipelineVariables = []string{
	"HOTLANE_VERSION", "HOTLANE_INSTALL", "HOTLANE_INSTALL_DIR", "HOTLANE_DOWNLOAD_BASE", "HOTLANE_RELEASES_API",
	"HOTLANE_INSTALL_TOKEN", "HOTLANE_INSTALL_ALLOW_HTTP", "HOTLANE_TOOL_CACHE",
	"HOTLANE_ACTION_REF", "HOTLANE_ACTION_PATH", "HOTLANE_ACTION_COMMAND", "HOTLANE_COMMAND",
	"HOTLANE_INSTALL_SH", // not a variable: the here-document delimiter of the installer's copies
}
