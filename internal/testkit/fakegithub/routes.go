package fakegithub

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// route serves the endpoints hotlane uses. s.mu is not held.
func (s *Server) route(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 4 && parts[0] == "repositories" {
		s.routeByID(w, r, parts)
		return
	}
	if len(parts) < 3 || parts[0] != "repos" {
		apiError(w, http.StatusNotFound, "Not Found", "")
		return
	}
	s.mu.Lock()
	rp := s.repos[parts[1]+"/"+parts[2]]
	s.mu.Unlock()
	if rp == nil {
		apiError(w, http.StatusNotFound, "Not Found", "/repos/repos#get-a-repository")
		return
	}
	rest := parts[3:]
	rp.mu.Lock() // one request at a time per repository, as GitHub serialises ref updates
	defer rp.mu.Unlock()
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]any{"id": rp.id, "name": rp.name, "full_name": rp.owner + "/" + rp.name,
			"default_branch": rp.defaultBranch, "owner": map[string]any{"login": rp.owner}})
	case len(rest) >= 3 && rest[0] == "git" && rest[1] == "ref" && r.Method == http.MethodGet:
		s.getRef(w, rp, strings.Join(rest[2:], "/"))
	case len(rest) >= 2 && rest[0] == "git" && rest[1] == "matching-refs" && r.Method == http.MethodGet:
		s.matchingRefs(w, rp, strings.Join(rest[2:], "/"))
	case len(rest) == 2 && rest[0] == "git" && rest[1] == "refs" && r.Method == http.MethodPost:
		s.createRef(w, r, rp)
	case len(rest) >= 3 && rest[0] == "git" && rest[1] == "refs" && r.Method == http.MethodPatch:
		s.updateRef(w, r, rp, "refs/"+strings.Join(rest[2:], "/"))
	case len(rest) == 2 && rest[0] == "git" && rest[1] == "tags" && r.Method == http.MethodPost:
		s.createTag(w, r, rp)
	case len(rest) == 3 && rest[0] == "git" && rest[1] == "tags" && r.Method == http.MethodGet:
		s.getTag(w, rp, rest[2])
	case len(rest) >= 2 && rest[0] == "contents" && r.Method == http.MethodGet:
		s.getContents(w, r, rp, strings.Join(rest[1:], "/"))
	case len(rest) >= 2 && rest[0] == "commits" && r.Method == http.MethodGet:
		s.getCommit(w, r, rp, strings.Join(rest[1:], "/"))
	case len(rest) >= 2 && rest[0] == "compare" && r.Method == http.MethodGet:
		s.compare(w, rp, strings.Join(rest[1:], "/"))
	case len(rest) == 1 && rest[0] == "deployments" && r.Method == http.MethodPost:
		s.createDeployment(w, r, rp)
	case len(rest) == 3 && rest[0] == "deployments" && rest[2] == "statuses" && r.Method == http.MethodPost:
		s.createDeploymentStatus(w, r, rest[1])
	case len(rest) == 4 && rest[0] == "actions" && rest[1] == "workflows" && rest[3] == "dispatches" && r.Method == http.MethodPost:
		s.dispatch(w, r, rp, rest[2])
	case len(rest) == 1 && rest[0] == "pulls":
		s.pulls(w, r, rp)
	case len(rest) == 2 && rest[0] == "pulls" && r.Method == http.MethodPatch:
		s.editPull(w, r, rest[1])
	default:
		apiError(w, http.StatusNotFound, "Not Found", "")
	}
}

func refJSON(name string, h plumbing.Hash, typ string) map[string]any {
	return map[string]any{"ref": name, "object": map[string]any{"sha": h.String(), "type": typ}}
}

func (s *Server) objectType(rp *repo, h plumbing.Hash) string {
	if _, err := rp.git.TagObject(h); err == nil {
		return "tag"
	}
	return "commit"
}

func (s *Server) getRef(w http.ResponseWriter, rp *repo, ref string) {
	name := "refs/" + ref
	got, err := rp.git.Reference(plumbing.ReferenceName(name), false)
	if err != nil || got.Type() != plumbing.HashReference {
		apiError(w, http.StatusNotFound, "Not Found", "/git/refs#get-a-reference")
		return
	}
	writeJSON(w, 200, refJSON(name, got.Hash(), s.objectType(rp, got.Hash())))
}

func (s *Server) matchingRefs(w http.ResponseWriter, rp *repo, prefix string) {
	refs, err := rp.git.References()
	if err != nil {
		apiError(w, 500, err.Error(), "")
		return
	}
	out := []map[string]any{}
	_ = refs.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().String()
		if ref.Type() == plumbing.HashReference && strings.HasPrefix(name, "refs/"+prefix) {
			out = append(out, refJSON(name, ref.Hash(), s.objectType(rp, ref.Hash())))
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i]["ref"].(string) < out[j]["ref"].(string) })
	writeJSON(w, 200, out)
}

func (s *Server) createRef(w http.ResponseWriter, r *http.Request, rp *repo) {
	var req struct{ Ref, SHA string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !strings.HasPrefix(req.Ref, "refs/") || strings.Count(req.Ref, "/") < 2 {
		apiError(w, http.StatusUnprocessableEntity, "Reference name must start with 'refs/' and have at least two slashes.", "/git/refs#create-a-reference")
		return
	}
	h := plumbing.NewHash(req.SHA)
	if _, err := rp.git.Storer.EncodedObject(plumbing.AnyObject, h); err != nil {
		apiError(w, http.StatusUnprocessableEntity, "Object does not exist", "/git/refs#create-a-reference")
		return
	}
	s.mu.Lock() // creating refs is check-then-set: serialise it
	defer s.mu.Unlock()
	if _, err := rp.git.Reference(plumbing.ReferenceName(req.Ref), false); err == nil {
		apiError(w, http.StatusUnprocessableEntity, "Reference already exists", "/git/refs#create-a-reference")
		return
	}
	if err := rp.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(req.Ref), h)); err != nil {
		apiError(w, 500, err.Error(), "")
		return
	}
	writeJSON(w, http.StatusCreated, refJSON(req.Ref, h, s.objectType(rp, h)))
}

// updateRef moves a ref as GitHub's "Update a reference" does: the ref
// must exist (422 "Reference does not exist"), the object too, and without
// force the move must be a fast-forward (422 "Update is not a fast
// forward").
func (s *Server) updateRef(w http.ResponseWriter, r *http.Request, rp *repo, name string) {
	var req struct {
		SHA   string
		Force bool
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.SHA == "" {
		apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "/git/refs#update-a-reference")
		return
	}
	s.mu.Lock() // check-then-set, as createRef
	defer s.mu.Unlock()
	old, err := rp.git.Reference(plumbing.ReferenceName(name), false)
	if err != nil {
		apiError(w, http.StatusUnprocessableEntity, "Reference does not exist", "/git/refs#update-a-reference")
		return
	}
	to, err := rp.git.CommitObject(plumbing.NewHash(req.SHA))
	if err != nil {
		apiError(w, http.StatusUnprocessableEntity, "Object does not exist", "/git/refs#update-a-reference")
		return
	}
	if !req.Force && old.Hash() != to.Hash {
		ff := false
		if from, err := rp.git.CommitObject(old.Hash()); err == nil {
			ff, _ = from.IsAncestor(to)
		}
		if !ff {
			apiError(w, http.StatusUnprocessableEntity, "Update is not a fast forward", "/git/refs#update-a-reference")
			return
		}
	}
	if err := rp.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), to.Hash)); err != nil {
		apiError(w, 500, err.Error(), "")
		return
	}
	writeJSON(w, http.StatusOK, refJSON(name, to.Hash, "commit"))
}

func (s *Server) createTag(w http.ResponseWriter, r *http.Request, rp *repo) {
	var req struct {
		Tag, Message, Object, Type string
		Tagger                     *struct{ Name, Email, Date string }
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Tag == "" || req.Object == "" || req.Type != "commit" {
		apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "/git/tags#create-a-tag-object")
		return
	}
	target := plumbing.NewHash(req.Object)
	if _, err := rp.git.CommitObject(target); err != nil {
		apiError(w, http.StatusUnprocessableEntity, "Object does not exist", "/git/tags#create-a-tag-object")
		return
	}
	tagger := object.Signature{Name: "GitHub", Email: "noreply@github.com", When: time.Now()}
	if req.Tagger != nil {
		tagger.Name, tagger.Email = req.Tagger.Name, req.Tagger.Email
		if t, err := time.Parse(time.RFC3339, req.Tagger.Date); err == nil {
			tagger.When = t
		}
	}
	tag := &object.Tag{Name: req.Tag, Tagger: tagger, Message: req.Message, TargetType: plumbing.CommitObject, Target: target}
	obj := rp.git.Storer.NewEncodedObject()
	if err := tag.Encode(obj); err != nil {
		apiError(w, 500, err.Error(), "")
		return
	}
	h, err := rp.git.Storer.SetEncodedObject(obj)
	if err != nil {
		apiError(w, 500, err.Error(), "")
		return
	}
	writeJSON(w, http.StatusCreated, tagJSON(h, tag))
}

// tagJSON is a tag object as the git tags API documents it: the tagger
// (name, email, date) is the tag object's own, whoever made it (through
// the API, or a person with git tag -a and a push).
func tagJSON(h plumbing.Hash, t *object.Tag) map[string]any {
	return map[string]any{"node_id": "TAG_" + h.String()[:12], "sha": h.String(), "tag": t.Name, "message": t.Message,
		"tagger":       map[string]any{"name": t.Tagger.Name, "email": t.Tagger.Email, "date": t.Tagger.When.UTC().Format(time.RFC3339)},
		"object":       map[string]any{"sha": t.Target.String(), "type": "commit"},
		"verification": map[string]any{"verified": false, "reason": "unsigned", "signature": nil, "payload": nil, "verified_at": nil}}
}

func (s *Server) getTag(w http.ResponseWriter, rp *repo, sha string) {
	t, err := rp.git.TagObject(plumbing.NewHash(sha))
	if err != nil {
		apiError(w, http.StatusNotFound, "Not Found", "/git/tags#get-a-tag")
		return
	}
	writeJSON(w, 200, tagJSON(t.Hash, t))
}

func (s *Server) resolve(rp *repo, rev string) (*object.Commit, bool) {
	h, err := rp.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, false
	}
	c, err := rp.git.CommitObject(*h)
	return c, err == nil
}

func (s *Server) getCommit(w http.ResponseWriter, r *http.Request, rp *repo, ref string) {
	c, ok := s.resolve(rp, ref)
	if !ok {
		apiError(w, http.StatusUnprocessableEntity, "No commit found for SHA: "+ref, "/commits/commits#get-a-commit")
		return
	}
	if r.Header.Get("Accept") == "application/vnd.github.v3.sha" {
		w.Header().Set("Content-Type", "application/vnd.github.v3.sha; charset=utf-8")
		_, _ = w.Write([]byte(c.Hash.String()))
		return
	}
	writeJSON(w, 200, map[string]any{"sha": c.Hash.String(), "commit": map[string]any{"message": c.Message}})
}

// getContents answers a file's contents at ?ref= (default: the default
// branch) as GitHub does: base64 in a "file" object, or 404.
func (s *Server) getContents(w http.ResponseWriter, r *http.Request, rp *repo, path string) {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = rp.defaultBranch
	}
	c, ok := s.resolve(rp, ref)
	if !ok {
		apiError(w, http.StatusNotFound, "No commit found for the ref "+ref, "/repos/contents#get-repository-content")
		return
	}
	f, err := c.File(path)
	if err != nil {
		apiError(w, http.StatusNotFound, "Not Found", "/repos/contents#get-repository-content")
		return
	}
	text, err := f.Contents()
	if err != nil {
		apiError(w, http.StatusInternalServerError, err.Error(), "")
		return
	}
	writeJSON(w, 200, map[string]any{"type": "file", "encoding": "base64", "size": len(text), "name": f.Name, "path": path,
		"sha": f.Hash.String(), "content": base64.StdEncoding.EncodeToString([]byte(text))})
}

// compare answers base...head with GitHub's status: identical, ahead
// (head contains base), behind, or diverged.
func (s *Server) compare(w http.ResponseWriter, rp *repo, basehead string) {
	base, head, ok := strings.Cut(basehead, "...")
	b, okB := s.resolve(rp, base)
	h, okH := s.resolve(rp, head)
	if !ok || !okB || !okH {
		apiError(w, http.StatusNotFound, "Not Found", "/commits/commits#compare-two-commits")
		return
	}
	status := "diverged"
	switch {
	case b.Hash == h.Hash:
		status = "identical"
	default:
		if anc, _ := b.IsAncestor(h); anc {
			status = "ahead"
		} else if anc, _ := h.IsAncestor(b); anc {
			status = "behind"
		}
	}
	writeJSON(w, 200, map[string]any{"status": status, "base_commit": map[string]any{"sha": b.Hash.String()}})
}

func (s *Server) createDeployment(w http.ResponseWriter, r *http.Request, rp *repo) {
	var req struct {
		Ref, Task, Environment, Description string
		Payload                             json.RawMessage
		AutoMerge                           *bool    `json:"auto_merge"`
		RequiredContexts                    []string `json:"required_contexts"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Ref == "" {
		apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "/deployments/deployments#create-a-deployment")
		return
	}
	if _, ok := s.resolve(rp, req.Ref); !ok {
		apiError(w, http.StatusUnprocessableEntity, "No ref found for: "+req.Ref, "/deployments/deployments#create-a-deployment")
		return
	}
	s.mu.Lock()
	d := Deployment{ID: int64(len(s.Deployments) + 1), Ref: req.Ref, Environment: req.Environment, Task: req.Task,
		Description: req.Description, Payload: req.Payload}
	s.Deployments = append(s.Deployments, d)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]any{"id": d.ID, "ref": d.Ref, "environment": d.Environment, "task": d.Task})
}

func (s *Server) createDeploymentStatus(w http.ResponseWriter, r *http.Request, id string) {
	var req struct{ State, Description, Environment string }
	n, err := strconv.Atoi(id)
	if err != nil || json.NewDecoder(r.Body).Decode(&req) != nil || req.State == "" {
		apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "/deployments/statuses#create-a-deployment-status")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 1 || n > len(s.Deployments) {
		apiError(w, http.StatusNotFound, "Not Found", "/deployments/statuses#create-a-deployment-status")
		return
	}
	s.Deployments[n-1].Statuses = append(s.Deployments[n-1].Statuses, req.State)
	writeJSON(w, http.StatusCreated, map[string]any{"id": len(s.Deployments[n-1].Statuses), "state": req.State})
}

// routeByID serves /repositories/{id}/environments/{env}/variables[/{name}].
func (s *Server) routeByID(w http.ResponseWriter, r *http.Request, parts []string) {
	if len(parts) < 5 || parts[2] != "environments" || parts[4] != "variables" {
		apiError(w, http.StatusNotFound, "Not Found", "")
		return
	}
	id, env := parts[1], parts[3]
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for _, rp := range s.repos {
		found = found || fmt.Sprint(rp.id) == id
	}
	if !found {
		apiError(w, http.StatusNotFound, "Not Found", "/actions/variables")
		return
	}
	var req struct{ Name, Value string }
	switch {
	case len(parts) == 6 && r.Method == http.MethodGet:
		v, ok := s.Variables[id+"/"+env+"/"+parts[5]]
		if !ok {
			apiError(w, http.StatusNotFound, "Not Found", "/actions/variables#get-an-environment-variable")
			return
		}
		writeJSON(w, 200, map[string]string{"name": parts[5], "value": v})
	case len(parts) == 6 && r.Method == http.MethodPatch:
		if _, ok := s.Variables[id+"/"+env+"/"+parts[5]]; !ok {
			apiError(w, http.StatusNotFound, "Not Found", "/actions/variables#update-an-environment-variable")
			return
		}
		if json.NewDecoder(r.Body).Decode(&req) != nil {
			apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "")
			return
		}
		s.Variables[id+"/"+env+"/"+parts[5]] = req.Value
		w.WriteHeader(http.StatusNoContent)
	case len(parts) == 5 && r.Method == http.MethodPost:
		if json.NewDecoder(r.Body).Decode(&req) != nil || req.Name == "" {
			apiError(w, http.StatusUnprocessableEntity, "Invalid request.", "")
			return
		}
		if _, ok := s.Variables[id+"/"+env+"/"+req.Name]; ok {
			apiError(w, http.StatusConflict, "Already exists - Variable already exists", "/actions/variables#create-an-environment-variable")
			return
		}
		s.Variables[id+"/"+env+"/"+req.Name] = req.Value
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte("{}"))
	default:
		apiError(w, http.StatusNotFound, "Not Found", "")
	}
}

func (s *Server) pulls(w http.ResponseWriter, r *http.Request, rp *repo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		out := []map[string]any{}
		for _, p := range s.Pulls {
			// GitHub filters by head in the form owner:branch
			if (q.Get("head") == "" || q.Get("head") == rp.owner+":"+p.Head) && (q.Get("base") == "" || q.Get("base") == p.Base) &&
				(q.Get("state") == "" || q.Get("state") == "all" || q.Get("state") == p.State) {
				out = append(out, pullJSON(rp, p))
			}
		}
		writeJSON(w, 200, out)
	case http.MethodPost:
		var req struct{ Title, Head, Base, Body string }
		if json.NewDecoder(r.Body).Decode(&req) != nil || req.Title == "" || req.Head == "" || req.Base == "" {
			apiError(w, http.StatusUnprocessableEntity, "Validation Failed", "/pulls/pulls#create-a-pull-request")
			return
		}
		for _, p := range s.Pulls {
			if p.Head == req.Head && p.Base == req.Base && p.State == "open" {
				apiError(w, http.StatusUnprocessableEntity, "Validation Failed: A pull request already exists for "+rp.owner+":"+req.Head+".", "/pulls/pulls#create-a-pull-request")
				return
			}
		}
		p := Pull{Number: len(s.Pulls) + 1, Head: req.Head, Base: req.Base, Title: req.Title, Body: req.Body, State: "open"}
		s.Pulls = append(s.Pulls, p)
		writeJSON(w, http.StatusCreated, pullJSON(rp, p))
	default:
		apiError(w, http.StatusNotFound, "Not Found", "")
	}
}

func (s *Server) editPull(w http.ResponseWriter, r *http.Request, number string) {
	n, err := strconv.Atoi(number)
	var req struct{ Title, Body string }
	if err != nil || json.NewDecoder(r.Body).Decode(&req) != nil {
		apiError(w, http.StatusUnprocessableEntity, "Validation Failed", "/pulls/pulls#update-a-pull-request")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 1 || n > len(s.Pulls) {
		apiError(w, http.StatusNotFound, "Not Found", "/pulls/pulls#update-a-pull-request")
		return
	}
	if req.Title != "" {
		s.Pulls[n-1].Title = req.Title
	}
	s.Pulls[n-1].Body = req.Body
	writeJSON(w, 200, map[string]any{"number": n, "title": s.Pulls[n-1].Title, "body": s.Pulls[n-1].Body, "state": s.Pulls[n-1].State})
}

func pullJSON(rp *repo, p Pull) map[string]any {
	return map[string]any{"number": p.Number, "title": p.Title, "body": p.Body, "state": p.State,
		"html_url": fmt.Sprintf("https://github.com/%s/%s/pull/%d", rp.owner, rp.name, p.Number),
		"head":     map[string]any{"ref": p.Head, "label": rp.owner + ":" + p.Head}, "base": map[string]any{"ref": p.Base}}
}
