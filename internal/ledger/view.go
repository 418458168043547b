package ledger

import "time"

// View is one release as the commands write it in JSON. Every JSON
// document hotlane writes uses snake_case keys (docs/formats.md); the CI
// outputs keep their kebab-case names (previous-release).
type View struct {
	Release    string `json:"release"`
	Tag        string `json:"tag"`
	Commit     string `json:"commit"`
	Lane       string `json:"lane,omitempty"`
	Time       string `json:"time,omitempty"` // when it was recorded (RecordedAt)
	Pipeline   string `json:"pipeline,omitempty"`
	Source     string `json:"source,omitempty"`
	RollbackOf string `json:"rollback_of,omitempty"`
	Bad        string `json:"bad,omitempty"`
}

// View is e as the commands write it.
func (e Entry) View() View {
	v := View{Release: e.Record.Build, Tag: e.Tag, Commit: e.Commit, Lane: e.Record.Lane, Pipeline: e.Record.Pipeline,
		Source: e.Record.Source, RollbackOf: e.Record.RollbackOf}
	if at := e.RecordedAt(); !at.IsZero() {
		v.Time = at.UTC().Format(time.RFC3339)
	}
	if e.Bad != nil {
		v.Bad = e.Bad.Reason + " (by " + e.Bad.By + ")"
	}
	return v
}
