package ci

import (
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON that is safe to land in a CI log
// (EscapeJSON). A GitHub command needs "::" at the start of a line, and
// every line of indented JSON starts with a brace or a key.
func WriteJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(EscapeJSON(data), '\n'))
	return err
}

// EscapeJSON rewrites a JSON document so that it reads the same but is
// safe in a CI log: line breaks inside values are escaped by JSON itself;
// every "#" is written as \u0023 so that no value can spell an Azure DevOps
// "##vso[" command; bidi controls and other invisible characters (Hidden)
// as \u escapes, so that no value reorders the log that shows it.
func EscapeJSON(data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data))
	for _, r := range string(data) {
		switch {
		case r == '#':
			b.WriteString(`\u0023`)
		case Hidden(r):
			b.WriteString(EscapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.Bytes()
}
