// Command hotlane-image builds hotlane's container image from the release
// binaries, offline and reproducibly (internal/image), writes it as an OCI
// layout and, with --push, publishes it. The release workflow runs it.
//
//	hotlane-image --version v1.2.3 --out dist/image linux/amd64=dist/hotlane_linux_amd64/hotlane linux/arm64=...
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hotlane/hotlane/scripts/tools/image"
)

func main() {
	var o image.Options
	out := flag.String("out", "", "write the image as an OCI layout into this new directory")
	push := flag.String("push", "", "also push it to this reference (ghcr.io/OWNER/hotlane:TAG)")
	flag.StringVar(&o.Certs, "certs", "/etc/ssl/certs/ca-certificates.crt", "CA certificates (PEM) to put in the image")
	flag.StringVar(&o.Version, "version", "", "the release (org.opencontainers.image.version)")
	flag.StringVar(&o.Source, "source", "https://github.com/hotlane/hotlane", "the repository (org.opencontainers.image.source)")
	flag.StringVar(&o.Revision, "revision", "", "the commit (org.opencontainers.image.revision)")
	flag.StringVar(&o.Licenses, "licenses", "", "SPDX licence expression (default "+image.License+", the repository's LICENSE)")
	flag.Parse()
	var platforms []image.Options
	for _, arg := range flag.Args() {
		platform, binary, ok := strings.Cut(arg, "=")
		osName, arch, ok2 := strings.Cut(platform, "/")
		if !ok || !ok2 {
			fail(fmt.Errorf("%q: want OS/ARCH=BINARY", arg))
		}
		p := o
		p.OS, p.Arch, p.Binary = osName, arch, binary
		platforms = append(platforms, p)
	}
	if len(platforms) == 0 || (*out == "" && *push == "") {
		fail(fmt.Errorf("usage: hotlane-image [--out DIR] [--push REF] --version V OS/ARCH=BINARY (one or more)"))
	}
	idx, err := image.Index(platforms)
	if err != nil {
		fail(err)
	}
	if *out != "" {
		if err := image.WriteLayout(*out, idx); err != nil {
			fail(err)
		}
	}
	if *push != "" {
		if err := image.Push(*push, idx); err != nil {
			fail(err)
		}
	}
	digest, err := idx.Digest()
	if err != nil {
		fail(err)
	}
	fmt.Println(digest)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hotlane-image:", err)
	os.Exit(2)
}
