package syncs

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/hotlane/hotlane/internal/ci"
	"github.com/hotlane/hotlane/internal/engine/httpx"
)

// GitHub is what the GitHub targets need.
type GitHub interface {
	Deploy(ctx context.Context, ref, environment, description string, payload any) (int64, error)
	SetEnvVariable(ctx context.Context, environment, name, value string) error
}

// Deps are what targets use; config fills in the secrets.
type Deps struct {
	GitHub             GitHub       // nil: no GitHub repository and token
	HTTP               *http.Client // retrying, bounded (httpx)
	WebhookSecret      string
	JenkinsUser        string
	JenkinsToken       string
	AzureToken         string        // SYSTEM_ACCESSTOKEN
	AzureCollectionURI string        // SYSTEM_COLLECTIONURI
	AzureProject       string        // SYSTEM_TEAMPROJECT
	CommandTimeout     time.Duration // a command= target's limit (--sync-timeout); 0: none of its own
	// BaseEnv is the environment a command starts from: config leaves
	// hotlane's secrets out of it.
	BaseEnv []string
	// Out is where a command's output is streamed, each line passed
	// through Redact (the run's secrets hidden) and neutralised.
	Out    io.Writer
	Redact func(string) string
}

func (d Deps) githubDeployment(ctx context.Context, env string, ev Event) (string, error) {
	if d.GitHub == nil {
		return "", errors.New("no GitHub repository and token: set GITHUB_REPOSITORY (or a GitHub remote) and GITHUB_TOKEN")
	}
	desc := fmt.Sprintf("hotfix lane %s mirrors %s release %s", ev.Lane, ev.Record.Environment, ev.Record.Build)
	id, err := d.GitHub.Deploy(ctx, ev.Lane, env, desc, PayloadOf(ev))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("deployment %d of %s to %s", id, ev.Lane, env), nil
}

func (d Deps) githubVariable(ctx context.Context, env, name string, ev Event) (string, error) {
	if d.GitHub == nil {
		return "", errors.New("no GitHub repository and token: set GITHUB_REPOSITORY (or a GitHub remote) and a token")
	}
	if err := d.GitHub.SetEnvVariable(ctx, env, name, ev.Lane); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s=%s in environment %s", name, ev.Lane, env), nil
}

// DeliveryID identifies one release's delivery to one URL: the same on a
// re-run, so a receiver can drop duplicates.
func DeliveryID(targetURL string, ev Event) string {
	sum := sha256.Sum256([]byte(targetURL + "\x00" + ev.Tag + "\x00" + ev.Lane + "\x00" + ev.Record.Commit))
	return hex.EncodeToString(sum[:16])
}

// Sign returns the X-Hotlane-Signature-256 value of body.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func (d Deps) webhook(ctx context.Context, target string, ev Event) (string, error) {
	body, err := json.Marshal(PayloadOf(ev))
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	id := DeliveryID(target, ev)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "hotlane")
	req.Header.Set("X-Hotlane-Event", "release")
	req.Header.Set("X-Hotlane-Delivery", id)
	req.Header.Set("Idempotency-Key", id) // also lets httpx retry the POST
	if d.WebhookSecret != "" {
		req.Header.Set("X-Hotlane-Signature-256", Sign(d.WebhookSecret, body))
	}
	if err := d.do(req, "webhook "+redactURL(target)); err != nil {
		return "", err
	}
	signed := "unsigned"
	if d.WebhookSecret != "" {
		signed = "signed"
	}
	return fmt.Sprintf("delivered (%s, delivery %s)", signed, id), nil
}

// do sends req and wants a 2xx answer; a redirect is not followed.
func (d Deps) do(req *http.Request, what string) error {
	resp, err := httpx.NoRedirects(d.HTTP).Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", what, scrub(err))
	}
	defer resp.Body.Close()
	if err := redirected(what, resp); err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("%s answered %s: %s", what, resp.Status, ci.Neutralize(strings.TrimSpace(string(snippet))))
	}
	return nil
}

// redirected is the failure of a target that answered with a redirect:
// hotlane does not follow it (the delivery would go to an address nobody
// configured), and says where it pointed, credentials removed.
func redirected(what string, resp *http.Response) error {
	location, ok := httpx.Redirect(resp)
	if !ok {
		return nil
	}
	return fmt.Errorf("%s answered %s, pointing to %s: hotlane does not follow redirects; configure the address it points to, if you trust it",
		what, resp.Status, ci.Neutralize(redactURL(location)))
}

// scrub removes the query and user information from a URL error.
func scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s %s: %w", ue.Op, redactURL(ue.URL), ue.Err)
	}
	return err
}

func (d Deps) command(ctx context.Context, command string, ev Event) (string, error) {
	if d.CommandTimeout > 0 { // config's --sync-timeout; 0: no limit of its own
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.CommandTimeout)
		defer cancel()
	}
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", command)
	}
	cmd.Env = append(append([]string(nil), d.BaseEnv...),
		"HOTLANE_RELEASE="+ev.Record.Build, "HOTLANE_LANE="+ev.Lane, "HOTLANE_COMMIT="+ev.Record.Commit,
		"HOTLANE_TAG="+ev.Tag, "HOTLANE_ENVIRONMENT="+ev.Record.Environment)
	cmd.WaitDelay = 5 * time.Second
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	done := make(chan struct{})
	redact := d.Redact
	if redact == nil {
		redact = func(s string) string { return s }
	}
	go func() { // stream the output, line by line, redacted and neutralised
		defer close(done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			if d.Out != nil {
				fmt.Fprintf(d.Out, "  | %s\n", ci.Neutralize(redact(sc.Text())))
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	err := cmd.Run()
	pw.Close()
	<-done
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Errorf("command timed out after %s", d.CommandTimeout)
	case err != nil:
		return "", fmt.Errorf("command failed: %w", err)
	}
	return "command succeeded", nil
}
