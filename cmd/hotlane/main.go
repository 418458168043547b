// Command hotlane tags production releases, creates their hotfix lanes, and
// gates the next release on backports. See internal/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hotlane/hotlane/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Args[1:], cli.Environ(os.Environ()))
	stop()
	os.Exit(code)
}
