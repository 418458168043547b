package gitrepo

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// authFor picks how to authenticate with the endpoint. A token goes over
// HTTPS as basic auth: go-git does not read the http.extraheader that
// actions/checkout and Azure Pipelines leave in .git/config.
func authFor(ep *transport.Endpoint, cred Credentials) (transport.AuthMethod, error) {
	switch ep.Protocol {
	case "http", "https":
		if cred.Token == "" {
			return nil, nil // go-git uses credentials in the URL, if any
		}
		user := cred.Username
		if user == "" {
			user = defaultTokenUser(ep.Host)
		}
		return &http.BasicAuth{Username: user, Password: cred.Token}, nil
	case "ssh":
		if cred.SSHKey == "" {
			return nil, nil // go-git asks the SSH agent
		}
		user := ep.User
		if user == "" {
			user = "git"
		}
		keys, err := ssh.NewPublicKeysFromFile(user, cred.SSHKey, cred.SSHKeyPassphrase)
		if err != nil {
			return nil, fmt.Errorf("SSH key %s: %w", cred.SSHKey, err)
		}
		return keys, nil
	}
	return nil, nil
}

// defaultTokenUser is the basic-auth user each host expects with a token.
func defaultTokenUser(host string) string {
	switch {
	case strings.Contains(host, "gitlab"):
		return "oauth2"
	case host == "bitbucket.org":
		return "x-token-auth"
	default: // GitHub, GHES, Azure Repos and most others accept any user
		return "x-access-token"
	}
}

// Redactor removes credentials from text before it is shown.
type Redactor struct{ secrets []string }

// NewRedactor returns a Redactor for the given secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		r.add(s)
	}
	return r
}

func (r *Redactor) add(s string) {
	if len(s) < 4 {
		return
	}
	for _, known := range r.secrets {
		if known == s {
			return
		}
	}
	r.secrets = append(r.secrets, s)
}

// Has says whether s is a secret already registered.
func (r *Redactor) Has(s string) bool {
	for _, known := range r.secrets {
		if known == s {
			return true
		}
	}
	return false
}

// Add registers more secrets.
func (r *Redactor) Add(secrets ...string) {
	for _, s := range secrets {
		r.add(s)
	}
}

// secretQuery names the query parameters whose values are credentials.
var secretQuery = regexp.MustCompile(`(?i)token|secret|key|pass|sig|auth|code|credential`)

// AddURL registers the credentials in rawURL: the password (or a
// token-like user), and the values of query parameters such as ?token=.
// A URL that does not parse is read as text (urlParts).
func (r *Redactor) AddURL(rawURL string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		r.addURLText(rawURL)
		return
	}
	for k, values := range u.Query() {
		if secretQuery.MatchString(k) {
			for _, v := range values {
				r.add(v)
				r.add(url.QueryEscape(v))
			}
		}
	}
	if u.User == nil {
		return
	}
	if p, ok := u.User.Password(); ok {
		r.add(p)
		r.add(url.QueryEscape(p))
	} else {
		r.add(u.User.Username()) // https://TOKEN@host is a common form
	}
}

// Secrets returns what the redactor hides, for masking in CI logs.
func (r *Redactor) Secrets() []string { return append([]string(nil), r.secrets...) }

// base64Run is a run of text that may be base64 (a Basic authorization
// header a server echoes back, say).
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{8,}={0,2}`)

// String hides every secret in s, also where it is base64-encoded (a
// "Basic dXNlcjp0b2tlbg==" header echoed in an error body).
func (r *Redactor) String(s string) string {
	if len(r.secrets) == 0 {
		return s
	}
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return base64Run.ReplaceAllStringFunc(s, func(run string) string {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			decoded, err := enc.DecodeString(run)
			if err != nil {
				continue
			}
			for _, secret := range r.secrets {
				if strings.Contains(string(decoded), secret) {
					return "***"
				}
			}
		}
		return run
	})
}

// URL returns rawURL without its user information. A URL that does not
// parse is redacted as text: what lies between "//" and the last "@"
// before the path is left out, and the values of credential-like query
// parameters are hidden.
func (r *Redactor) URL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		p := urlParts(rawURL)
		out := p.scheme + p.host
		if p.query != "" {
			out += "?" + secretQueryValue.ReplaceAllString(p.query, "${1}***")
		}
		return r.String(out + p.fragment)
	}
	if u.User == nil {
		return r.String(rawURL)
	}
	u.User = nil
	return r.String(u.String())
}

// textURL is a URL that does not parse, cut up as text: scheme (up to and
// with "//"), the user information (up to the last "@" before the query),
// host and path, query (without "?"), fragment (with "#").
type textURL struct{ scheme, user, host, query, fragment string }

func urlParts(raw string) textURL {
	var p textURL
	rest := raw
	if i := strings.Index(rest, "//"); i >= 0 {
		p.scheme, rest = rest[:i+2], rest[i+2:]
	}
	if i := strings.Index(rest, "#"); i >= 0 {
		rest, p.fragment = rest[:i], rest[i:]
	}
	if i := strings.Index(rest, "?"); i >= 0 {
		rest, p.query = rest[:i], rest[i+1:]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 && p.scheme != "" {
		p.user, rest = rest[:i], rest[i+1:]
	}
	p.host = rest
	return p
}

// secretQueryValue finds the value of a credential-like query parameter
// (secretQuery) in a query's text.
var secretQueryValue = regexp.MustCompile(`(?i)((?:^|[&;])[^=&;]*(?:token|secret|key|pass|sig|auth|code|credential)[^=&;]*=)[^&;]*`)

// addURLText registers the credentials of a URL that does not parse: the
// user information (all of it, and its password part), and the values of
// credential-like query parameters.
func (r *Redactor) addURLText(raw string) {
	p := urlParts(raw)
	if p.user != "" {
		// the password follows the first ":", or the last where the user
		// information is garbled
		parts := []string{p.user}
		if _, pass, ok := strings.Cut(p.user, ":"); ok {
			parts = append(parts, pass, p.user[strings.LastIndex(p.user, ":")+1:])
		}
		for _, part := range parts {
			r.add(part)
			if unescaped, err := url.PathUnescape(part); err == nil {
				r.add(unescaped)
			}
		}
	}
	for _, m := range secretQueryValue.FindAllStringSubmatchIndex(p.query, -1) {
		r.add(p.query[m[3]:m[1]])
	}
}
