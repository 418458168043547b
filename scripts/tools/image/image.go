// Package image owns hotlane's container image: the release binary alone
// on an empty base, with the CA certificates it needs to reach GitHub and
// the sync targets over HTTPS (hotlane needs no git binary and no shell).
// It is built offline and reproducibly with go-containerregistry, no
// Docker engine: the same binary and certificates give the same digest.
package image

import (
	"archive/tar"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Paths inside the image.
const (
	BinaryPath = "/usr/local/bin/hotlane"
	CertsPath  = "/etc/ssl/certs/ca-certificates.crt"
)

// Options describe one platform's image.
type Options struct {
	Binary   string // path of the hotlane binary for OS/Arch
	Certs    string // path of a CA bundle (PEM)
	OS       string // linux
	Arch     string // amd64, arm64
	Version  string // the release, v1.2.3
	Source   string // the repository's URL
	Revision string // the commit
	// Licenses is the SPDX expression of the licence; "" is the
	// repository's own, MIT (its LICENSE file).
	Licenses string
}

// epoch is every file's and the image's time: a fixed one, so that a
// rebuild gives the same digest (SOURCE_DATE_EPOCH practice).
var epoch = time.Unix(0, 0).UTC()

// Build makes the image: one layer holding the binary (0755) and the CA
// bundle, run as an unprivileged user, entrypoint hotlane, and the OCI
// labels that name its source, version, revision and licence.
func Build(o Options) (v1.Image, error) {
	binary, err := os.ReadFile(o.Binary)
	if err != nil {
		return nil, fmt.Errorf("image: read the binary: %w", err)
	}
	certs, err := os.ReadFile(o.Certs)
	if err != nil {
		return nil, fmt.Errorf("image: read the CA certificates: %w", err)
	}
	layerTar, err := files([]file{{CertsPath, certs, 0o644}, {BinaryPath, binary, 0o755}})
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(layerTar)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, fmt.Errorf("image: the layer: %w", err)
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	if img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{Created: v1.Time{Time: epoch},
		CreatedBy: "hotlane image: the release binary and CA certificates"}}); err != nil {
		return nil, fmt.Errorf("image: append the layer: %w", err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Created = o.OS, o.Arch, v1.Time{Time: epoch}
	cfg.Config = v1.Config{
		Entrypoint: []string{BinaryPath},
		Env:        []string{"SSL_CERT_FILE=" + CertsPath, "PATH=/usr/local/bin"},
		User:       "65532:65532",
		WorkingDir: "/work",
		Labels:     Labels(o),
	}
	return mutate.ConfigFile(img, cfg)
}

// License is hotlane's licence, by its SPDX identifier (LICENSE).
const License = "MIT"

// Labels are the OCI annotations of the image.
func Labels(o Options) map[string]string {
	return map[string]string{
		"org.opencontainers.image.title":       "hotlane",
		"org.opencontainers.image.description": "Tag production releases, open their hotfix lanes, and gate the next release on backports",
		"org.opencontainers.image.source":      o.Source,
		"org.opencontainers.image.version":     o.Version,
		"org.opencontainers.image.revision":    o.Revision,
		"org.opencontainers.image.licenses":    cmp.Or(o.Licenses, License),
	}
}

type file struct {
	path string
	data []byte
	mode int64
}

// files is a tar of the files and their directories, owned by root, at
// the fixed epoch: the same input gives the same bytes.
func files(fs []file) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, f := range fs {
		for _, d := range parents(f.path) {
			if dirs[d] {
				continue
			}
			dirs[d] = true
			if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
				return nil, err
			}
		}
		h := &tar.Header{Typeflag: tar.TypeReg, Name: f.path[1:], Mode: f.mode, Size: int64(len(f.data)), ModTime: epoch, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parents lists the directories above an absolute path, outermost first,
// without the leading "/": "/a/b/c" gives "a", "a/b".
func parents(path string) []string {
	var out []string
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			out = append(out, path[1:i])
		}
	}
	return out
}

// Index is the multi-platform image: one image per Options, each under
// its platform.
func Index(platforms []Options) (v1.ImageIndex, error) {
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, o := range platforms {
		img, err := Build(o)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", o.OS, o.Arch, err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: o.OS, Architecture: o.Arch}}})
	}
	return idx, nil
}

// WriteLayout writes idx as an OCI image layout in dir (which must not
// exist): what crane, skopeo and podman read, and what a registry push
// sends.
func WriteLayout(dir string, idx v1.ImageIndex) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("image: %s exists: give a new directory", dir)
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return p.AppendIndex(idx)
}

// Push sends idx to ref (ghcr.io/OWNER/hotlane:v1.2.3) with the
// credentials of the docker config (docker login, or the CI's).
func Push(ref string, idx v1.ImageIndex) error {
	r, err := name.ParseReference(ref)
	if err != nil {
		return fmt.Errorf("image: %w", err)
	}
	return remote.WriteIndex(r, idx, remote.WithAuthFromKeychain(authn.DefaultKeychain))
}
