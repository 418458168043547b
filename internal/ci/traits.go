package ci

// Traits are what a CI offers beyond the Platform's methods, for the code
// that must decide by them: the one place that knows how the CIs differ,
// so that nothing else branches on a CI's name.
type Traits struct {
	// SummaryPage says the run has a markdown summary page (GitHub's step
	// summary): worth rendering one for.
	SummaryPage bool
	// AnnotationLimit is how many annotations of one step the CI shows
	// (GitHub: ten); 0 is no limit.
	AnnotationLimit int
	// OutputFile says outputs go to a file the CI names (GitHub's
	// GITHUB_OUTPUT): without it there is no output channel at all.
	OutputFile bool
	// Log says output lands in a CI log, not on a terminal: a summary
	// line instead of a progress line.
	Log bool
	// EnvFileFormat is the env file format this CI's jobs read by
	// default (GitLab's dotenv report; Jenkins' readProperties).
	EnvFileFormat string
	// FullClone says how to give a job the whole history, for a gate that
	// finds itself in a shallow clone it may not deepen.
	FullClone string
}

// TraitsOf are the traits of the CI kind (one of Kinds).
func TraitsOf(kind string) Traits {
	switch kind {
	case GitHub:
		return Traits{SummaryPage: true, AnnotationLimit: 10, OutputFile: true, Log: true, EnvFileFormat: FormatProperties,
			FullClone: "give actions/checkout `with: fetch-depth: 0`"}
	case Azure:
		return Traits{Log: true, EnvFileFormat: FormatProperties, FullClone: "set `fetchDepth: 0` on the checkout step"}
	case Jenkins:
		return Traits{Log: true, EnvFileFormat: FormatProperties,
			FullClone: "run `git fetch --unshallow --tags` before hotlane, or turn off shallow clone in the checkout's advanced clone behaviours"}
	case GitLab:
		return Traits{Log: true, EnvFileFormat: FormatDotenv, FullClone: "set `variables: GIT_DEPTH: 0` on the job"}
	}
	return Traits{EnvFileFormat: FormatProperties, FullClone: "run `git fetch --unshallow --tags` before hotlane"}
}

// FilesFrom are the output and summary files the CI kind hands a step,
// read from its environment (GitHub's GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY; none elsewhere).
func FilesFrom(kind string, env map[string]string) Files {
	if kind != GitHub {
		return Files{}
	}
	return Files{Output: env["GITHUB_OUTPUT"], Summary: env["GITHUB_STEP_SUMMARY"]}
}
