#!/usr/bin/env bash
# Moves the major and minor tags (v1, v1.2) of the release TAG to its
# commit when TAG is the highest stable release of that line, so that
# `uses: hotlane/hotlane@v1` (or @v1.2, or a template at refs/tags/v1)
# gets the newest release. A full version tag is never moved; a prerelease
# moves nothing; a patch of an older line (v1.1.9 after v1.2.0) moves v1.1
# alone. Run it after the release is published, so a moved tag never names
# a release without its files. The push is atomic.
#
# usage: move-version-tags.sh TAG [REMOTE]   (in a clone that has every tag)
set -euo pipefail
tag=${1:?usage: move-version-tags.sh TAG [REMOTE]}
remote=${2:-origin}
if [[ ! $tag =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "$tag is no stable release (vX.Y.Z): no tag moved"
  exit 0
fi
major=${BASH_REMATCH[1]}
minor=${BASH_REMATCH[2]}
commit=$(git rev-parse "refs/tags/$tag^{commit}")

# newest REGEX: the highest stable vX.Y.Z whose name matches REGEX
newest() {
  git tag --list | grep -E "$1" | sed 's/^v//' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1 | sed 's/^/v/'
}

refs=()
if [[ $(newest "^v$major\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\$") == "$tag" ]]; then
  refs+=("+$commit:refs/tags/v$major")
fi
if [[ $(newest "^v$major\.$minor\.(0|[1-9][0-9]*)\$") == "$tag" ]]; then
  refs+=("+$commit:refs/tags/v$major.$minor")
fi
if ((${#refs[@]} == 0)); then
  echo "a newer release holds v$major and v$major.$minor: no tag moved"
  exit 0
fi
git push --atomic "$remote" "${refs[@]}"
for ref in "${refs[@]}"; do
  echo "moved ${ref#*:refs/tags/} to $tag ($commit)"
done
