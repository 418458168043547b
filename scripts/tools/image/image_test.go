package image

import (
	"archive/tar"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// hotlaneBinary builds hotlane as the release does (static, no cgo).
func hotlaneBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hotlane")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/hotlane")
	cmd.Dir = filepath.Join("..", "..", "..") // the product's own module
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func options(t *testing.T, binary string) Options {
	t.Helper()
	certs := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(certs, []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return Options{Binary: binary, Certs: certs, OS: "linux", Arch: runtime.GOARCH, Version: "v1.2.3",
		Source: "https://github.com/hotlane/hotlane", Revision: strings.Repeat("a", 40)}
}

// TestImageIsTheBinaryAloneAndReproducible: the image written as an OCI
// layout and read back has hotlane as entrypoint, the OCI labels, an
// unprivileged user, one layer with the binary and the CA bundle; the
// binary in it runs with nothing else around it; a rebuild gives the
// same digest.
func TestImageIsTheBinaryAloneAndReproducible(t *testing.T) {
	t.Parallel()
	o := options(t, hotlaneBinary(t))
	idx, err := Index([]Options{o})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "oci")
	if err := WriteLayout(dir, idx); err != nil {
		t.Fatal(err)
	}
	again, err := Index([]Options{o})
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := idx.Digest()
	d2, _ := again.Digest()
	if d1 != d2 {
		t.Errorf("two builds of the same binary differ: %s, %s", d1, d2)
	}

	read, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	outer, err := read.IndexManifest()
	if err != nil || len(outer.Manifests) != 1 {
		t.Fatalf("layout index: %v %+v", err, outer)
	}
	inner, err := read.ImageIndex(outer.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	im, err := inner.IndexManifest()
	if err != nil || len(im.Manifests) != 1 || im.Manifests[0].Platform == nil || im.Manifests[0].Platform.Architecture != runtime.GOARCH {
		t.Fatalf("platforms: %v %+v", err, im)
	}
	img, err := inner.Image(im.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	if mt, _ := img.MediaType(); mt != types.OCIManifestSchema1 {
		t.Errorf("media type %s", mt)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if strings.Join(c.Entrypoint, " ") != BinaryPath || c.User != "65532:65532" || cfg.OS != "linux" {
		t.Errorf("config: entrypoint %v, user %q, os %q", c.Entrypoint, c.User, cfg.OS)
	}
	for k, want := range map[string]string{"org.opencontainers.image.source": o.Source, "org.opencontainers.image.version": "v1.2.3",
		"org.opencontainers.image.revision": o.Revision, "org.opencontainers.image.licenses": "MIT"} {
		if c.Labels[k] != want {
			t.Errorf("label %s = %q, want %q", k, c.Labels[k], want)
		}
	}
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("%d layers, %v", len(layers), err)
	}
	root := t.TempDir()
	got := extract(t, layers[0], root)
	if got["etc/ssl/certs/ca-certificates.crt"] != 0o644 || got["usr/local/bin/hotlane"] != 0o755 {
		t.Errorf("layer files: %v", got)
	}
	// the binary runs alone: static, no git, no shell, no environment
	bin := filepath.Join(root, "usr/local/bin/hotlane")
	if runtime.GOOS == "linux" {
		cmd := exec.Command(bin, "version")
		cmd.Env = []string{}
		if out, err := cmd.CombinedOutput(); err != nil || !strings.HasPrefix(string(out), "hotlane ") {
			t.Errorf("the image's binary: %v %s", err, out)
		}
	}
}

// extract unpacks the layer's files under root and returns each entry's
// mode by path.
func extract(t *testing.T, l interface{ Uncompressed() (io.ReadCloser, error) }, root string) map[string]int64 {
	t.Helper()
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out := map[string]int64{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.ModTime.Unix() != 0 || h.Uid != 0 {
			t.Errorf("%s: time %v uid %d: not reproducible", h.Name, h.ModTime, h.Uid)
		}
		out[h.Name] = h.Mode
		if h.Typeflag != tar.TypeReg {
			continue
		}
		path := filepath.Join(root, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, os.FileMode(h.Mode)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLicenseLabelIsTheRepositorys: the label states the licence of the
// repository's LICENSE file, by its SPDX identifier.
func TestLicenseLabelIsTheRepositorys(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "LICENSE"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(data), "\n"); first != License+" License" {
		t.Errorf("LICENSE starts %q; the image says %s", first, License)
	}
	if got := Labels(Options{})["org.opencontainers.image.licenses"]; got != License {
		t.Errorf("licenses label %q", got)
	}
}
