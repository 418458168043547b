#!/usr/bin/env bash
# Used by action.yml: runs the hotlane command the command input names.
# Every setting arrives as a HOTLANE_* variable from the step's env; the
# command is the only word built here, and only from a fixed list.
set -euo pipefail
command=${HOTLANE_ACTION_COMMAND:-release}
unset HOTLANE_ACTION_COMMAND
case $command in
release | check | status | rollback | backport | demo | version | init)
  exec hotlane "$command"
  ;;
mark-bad | retire)
  if [[ -z ${HOTLANE_BUILD:-} ]]; then
    echo "::error::hotlane $command needs the build input: the build id of the release to mark (mark-bad) or whose lane to retire (retire)" >&2
    exit 2
  fi
  exec hotlane "$command" -- "$HOTLANE_BUILD"
  ;;
*)
  echo "::error::the command input must be one of release, check, status, rollback, mark-bad, retire, backport, demo, version, init" >&2
  exit 2
  ;;
esac
