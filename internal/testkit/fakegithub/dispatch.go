package fakegithub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Dispatch is a workflow run started through the workflow_dispatch API.
type Dispatch struct {
	Workflow string            `json:"workflow"`
	Ref      string            `json:"ref"`
	Inputs   map[string]string `json:"inputs"`
}

// Dispatches returns the workflow runs dispatched so far.
func (s *Server) Dispatches() []Dispatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Dispatch(nil), s.dispatches...)
}

// dispatchInput is one input a workflow declares under
// on.workflow_dispatch.inputs.
type dispatchInput struct {
	Required bool `yaml:"required"`
}

// dispatch serves POST /repos/{owner}/{repo}/actions/workflows/{file}/dispatches
// as GitHub documents it: the workflow must exist on the default branch
// (404), the ref must exist (422), the workflow's file at the ref must have
// a workflow_dispatch trigger (422), the inputs must be declared and the
// required ones given (422); then 204 No Content.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rp *repo, workflow string) {
	const doc = "/actions/workflows#create-a-workflow-dispatch-event"
	var req struct {
		Ref    string         `json:"ref"`
		Inputs map[string]any `json:"inputs"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Ref == "" {
		apiError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"ref\" wasn't supplied.", doc)
		return
	}
	path := ".github/workflows/" + workflow
	if _, ok := s.fileAt(rp, rp.defaultBranch, path); !ok {
		apiError(w, http.StatusNotFound, "Not Found", doc)
		return
	}
	text, ok := s.fileAt(rp, "refs/heads/"+req.Ref, path)
	if !ok {
		if _, exists := s.resolve(rp, "refs/heads/"+req.Ref); !exists {
			if _, exists := s.resolve(rp, "refs/tags/"+req.Ref); !exists {
				apiError(w, http.StatusUnprocessableEntity, "No ref found for: "+req.Ref, doc)
				return
			}
		}
		text, ok = s.fileAt(rp, "refs/tags/"+req.Ref, path)
	}
	declared, hasTrigger := dispatchInputs(text)
	if !ok || !hasTrigger {
		apiError(w, http.StatusUnprocessableEntity, "Workflow does not have 'workflow_dispatch' trigger", doc)
		return
	}
	if msg := checkInputs(declared, req.Inputs); msg != "" {
		apiError(w, http.StatusUnprocessableEntity, msg, doc)
		return
	}
	inputs := map[string]string{}
	for k, v := range req.Inputs {
		inputs[k] = fmt.Sprint(v)
	}
	s.mu.Lock()
	s.dispatches = append(s.dispatches, Dispatch{Workflow: workflow, Ref: req.Ref, Inputs: inputs})
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// fileAt reads path at rev, if both exist.
func (s *Server) fileAt(rp *repo, rev, path string) (string, bool) {
	c, ok := s.resolve(rp, rev)
	if !ok {
		return "", false
	}
	f, err := c.File(path)
	if err != nil {
		return "", false
	}
	text, err := f.Contents()
	return text, err == nil
}

// dispatchInputs reads a workflow's on: and returns the inputs its
// workflow_dispatch trigger declares, and whether it has that trigger.
func dispatchInputs(workflow string) (map[string]dispatchInput, bool) {
	var wf struct {
		On yaml.Node `yaml:"on"`
	}
	if yaml.Unmarshal([]byte(workflow), &wf) != nil {
		return nil, false
	}
	switch wf.On.Kind {
	case yaml.ScalarNode:
		return nil, wf.On.Value == "workflow_dispatch"
	case yaml.SequenceNode:
		for _, n := range wf.On.Content {
			if n.Value == "workflow_dispatch" {
				return nil, true
			}
		}
	case yaml.MappingNode:
		var on map[string]*struct {
			Inputs map[string]dispatchInput `yaml:"inputs"`
		}
		if wf.On.Decode(&on) != nil {
			return nil, false
		}
		if trigger, ok := on["workflow_dispatch"]; ok {
			if trigger == nil {
				return nil, true
			}
			return trigger.Inputs, true
		}
	}
	return nil, false
}

// checkInputs answers GitHub's message for inputs the workflow does not
// declare, or a required one not given; "" when they fit.
func checkInputs(declared map[string]dispatchInput, given map[string]any) string {
	var unexpected []string
	for name := range given {
		if _, ok := declared[name]; !ok {
			unexpected = append(unexpected, `"`+name+`"`)
		}
	}
	if len(unexpected) > 0 {
		sort.Strings(unexpected)
		return "Unexpected inputs provided: [" + strings.Join(unexpected, ", ") + "]"
	}
	var names []string
	for name := range declared {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := given[name]; declared[name].Required && !ok {
			return "Required input '" + name + "' not provided"
		}
	}
	return ""
}
