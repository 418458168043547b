package verdict

// PolicyRef names the policy file a report's rules came from: the file on
// the main line as the remote has it, never the candidate's own.
type PolicyRef struct {
	Path   string // .hotlane.yml
	Commit string // the main-line commit it was read at ("": no main line)
	Source string // the ref: origin/main
	Found  bool   // the main line has the file
	// CandidateDiffers says the candidate's own file differs from it: the
	// candidate's takes effect once merged.
	CandidateDiffers bool
}
