// The build and benchmark tools' own module: the container image builder,
// the generated benchmark repositories and the precision measurement keep
// their dependencies (go-containerregistry among them) out of the product's
// go.mod. hotlane-precision reads the gate's engine from the module beside it.
module github.com/hotlane/hotlane/scripts/tools

go 1.26.8

require (
	github.com/google/go-containerregistry v0.22.1
	github.com/hotlane/hotlane v0.0.0-00010101000000-000000000000
)

require (
	github.com/docker/cli v29.7.2+incompatible // indirect
	github.com/docker/docker-credential-helpers v0.9.3 // indirect
	github.com/klauspost/compress v1.19.2 // indirect
	github.com/opencontainers/go-digest v1.0.0 // indirect
	github.com/opencontainers/image-spec v1.1.1 // indirect
	github.com/sirupsen/logrus v1.9.4 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
	gotest.tools/v3 v3.5.2 // indirect
)

replace github.com/hotlane/hotlane => ../..
