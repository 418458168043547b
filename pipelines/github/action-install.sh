#!/usr/bin/env bash
# Used by action.yml: installs the hotlane release that matches the
# action's ref (verified by pipelines/install.sh), or, when the ref is a
# branch or a SHA (no release), builds hotlane from the action's own source.
set -euo pipefail
bin="${RUNNER_TEMP:-/tmp}/hotlane-bin"
mkdir -p "$bin"
if [[ ${HOTLANE_ACTION_REF:-} =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  bash "$HOTLANE_ACTION_PATH/pipelines/install.sh" "$HOTLANE_ACTION_REF" "$bin"
else
  echo "no release for ref '${HOTLANE_ACTION_REF:-}': building hotlane from the action's source"
  out="$bin/hotlane"
  [[ ${RUNNER_OS:-} == Windows ]] && out="$bin/hotlane.exe"
  (cd "$HOTLANE_ACTION_PATH" && CGO_ENABLED=0 go build -o "$out" ./cmd/hotlane)
fi
echo "$bin" >> "$GITHUB_PATH"
