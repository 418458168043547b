#!/usr/bin/env bash
# Used by action.yml: puts hotlane on the job's PATH.
#   - the version input, when given: that release (latest, 1, 1.2, 1.2.3);
#   - else the release the action's ref names: @v1 (the newest 1.y.z),
#     @v1.2, @v1.2.3, or the commit a release tag points at;
#   - else (a branch, or a local `uses: ./` with no ref) a build from the
#     action's own source with the runner's Go, said in the log.
# Releases come from pipelines/install.sh: resolved against the release
# list, verified against checksums.txt, kept in the runner's tool cache.
set -euo pipefail
ref=${HOTLANE_ACTION_REF:-}
version=${HOTLANE_VERSION:-}
unset HOTLANE_VERSION
bin="${RUNNER_TEMP:-/tmp}/hotlane-bin"
mkdir -p "$bin"
if [[ -z $version ]] && [[ $ref =~ ^v[0-9]+(\.[0-9]+){0,2}$ || $ref =~ ^[0-9a-f]{40}$ ]]; then
  version=$ref
fi
if [[ -n $version ]]; then
  if ! sh "$HOTLANE_ACTION_PATH/pipelines/install.sh" "$version" "$bin"; then
    if [[ $version == "$ref" && $ref =~ ^[0-9a-f]{40}$ ]]; then
      echo "::error::the action's ref is a commit that no hotlane release tag points at: pin a release's commit, set the version input, or use a branch to build from source"
    fi
    exit 1
  fi
else
  echo "hotlane: the action's ref '${ref:-(a local path)}' is no release: building hotlane from the action's source with the runner's Go"
  out="$bin/hotlane"
  [[ ${RUNNER_OS:-} == Windows ]] && out="$bin/hotlane.exe"
  (cd "$HOTLANE_ACTION_PATH" && CGO_ENABLED=0 go build -trimpath -o "$out" ./cmd/hotlane)
fi
echo "$bin" >>"$GITHUB_PATH"
