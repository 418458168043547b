// Package reliability owns the tests that hold hotlane to its promises
// on a bad day: a git server that fails, drops the connection mid-pack or
// stalls; the process killed (SIGKILL) before, during and after its push;
// releases racing each other. Every scenario ends with the remote either
// fully released or unchanged, never with a ref lost or moved, and a
// re-run completes it. Each scenario logs one RELIABILITY line that
// scripts/reliability turns into a report. It has tests only.
package reliability
