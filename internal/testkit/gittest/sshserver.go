package gittest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// SSHServer serves the bare repositories under a root over SSH on
// 127.0.0.1, as a git host does: a client's exec of git-upload-pack or
// git-receive-pack '<path>' runs the real git with the channel as its
// standard input and output. It accepts one client key, which it makes.
type SSHServer struct {
	Addr       string // host:port
	KeyFile    string // the client's private key (OpenSSH format, no passphrase)
	KnownHosts string // a known_hosts file naming the server's host key

	root string
	l    net.Listener
	wg   sync.WaitGroup
}

// NewSSHServer starts a server for the repositories under root, with its
// files in dir; close it with Close.
func NewSSHServer(t T, root, dir string) *SSHServer {
	t.Helper()
	s := &SSHServer{root: root}
	_, hostPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("host key: %v", err)
	}
	hostSigner, err := ssh.NewSignerFromKey(hostPriv)
	if err != nil {
		t.Fatalf("host key: %v", err)
	}
	clientPub, clientPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("client key: %v", err)
	}
	block, err := ssh.MarshalPrivateKey(clientPriv, "hotlane test")
	if err != nil {
		t.Fatalf("client key: %v", err)
	}
	s.KeyFile = filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(s.KeyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatalf("%v", err)
	}
	allowed, err := ssh.NewPublicKey(clientPub)
	if err != nil {
		t.Fatalf("client key: %v", err)
	}
	cfg := &ssh.ServerConfig{PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
		if string(key.Marshal()) != string(allowed.Marshal()) {
			return nil, errors.New("unknown key")
		}
		return nil, nil
	}}
	cfg.AddHostKey(hostSigner)
	if s.l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.Addr = s.l.Addr().String()
	s.KnownHosts = filepath.Join(dir, "known_hosts")
	line := knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, hostSigner.PublicKey()) + "\n"
	if err := os.WriteFile(s.KnownHosts, []byte(line), 0o644); err != nil {
		t.Fatalf("%v", err)
	}
	s.wg.Add(1)
	go s.serve(cfg)
	return s
}

// URL is the ssh:// URL of the repository at root/rel.
func (s *SSHServer) URL(rel string) string {
	return "ssh://git@" + s.Addr + "/" + filepath.ToSlash(rel)
}

// Close stops the server and waits for its connections to end.
func (s *SSHServer) Close() {
	_ = s.l.Close()
	s.wg.Wait()
}

func (s *SSHServer) serve(cfg *ssh.ServerConfig) {
	defer s.wg.Done()
	for {
		conn, err := s.l.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(conn, cfg)
		}()
	}
}

func (s *SSHServer) handle(conn net.Conn, cfg *ssh.ServerConfig) {
	defer conn.Close()
	_, chans, reqs, err := ssh.NewServerConn(conn, cfg)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "sessions only")
			continue
		}
		ch, requests, err := nc.Accept()
		if err != nil {
			return
		}
		s.session(ch, requests)
	}
}

// session runs the one command a git client execs.
func (s *SSHServer) session(ch ssh.Channel, requests <-chan *ssh.Request) {
	defer ch.Close()
	for req := range requests {
		if req.Type != "exec" || len(req.Payload) < 4 {
			_ = req.Reply(req.Type == "env", nil)
			continue
		}
		command := string(req.Payload[4:])
		service, path, ok := strings.Cut(command, " ")
		path = strings.Trim(path, "'")
		if !ok || (service != "git-upload-pack" && service != "git-receive-pack") || strings.Contains(path, "..") {
			_ = req.Reply(false, nil)
			return
		}
		_ = req.Reply(true, nil)
		cmd := exec.Command("git", strings.TrimPrefix(service, "git-"), filepath.Join(s.root, filepath.FromSlash(path)))
		cmd.Env = append(os.Environ(), Env()...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = ch, ch, ch.Stderr()
		cmd.WaitDelay = 5 * time.Second // the client may keep the channel open after git is done
		status := uint32(0)
		if err := cmd.Run(); err != nil {
			status = 1
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = uint32(exit.ExitCode())
			}
		}
		_ = ch.CloseWrite()
		var payload [4]byte
		binary.BigEndian.PutUint32(payload[:], status)
		_, _ = ch.SendRequest("exit-status", false, payload[:])
		_, _ = io.Copy(io.Discard, ch)
		return
	}
}
