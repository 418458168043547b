package ci

import (
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON that is safe to land in a CI log:
// line breaks inside values are escaped by JSON itself, and every "#" is
// written as \u0023 (the same JSON value) so that no value can spell an
// Azure DevOps "##vso[" command. A GitHub command needs "::" at the start
// of a line, and every line of indented JSON starts with a brace or a key.
func WriteJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	data = bytes.ReplaceAll(data, []byte("#"), []byte(`\u0023`))
	_, err = w.Write(append(data, '\n'))
	return err
}
