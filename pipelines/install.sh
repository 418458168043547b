#!/bin/sh
# Installs a hotlane release for this machine's OS and architecture. The
# archive is verified against the release's checksums.txt before anything
# is installed; nothing is piped into a shell. This is the one installer:
# the GitHub Action runs this file, and the GitLab components, the Azure
# templates and the Jenkins library carry byte-identical copies (a test
# keeps them so). POSIX sh (busybox too); needs curl or wget, tar (unzip on
# Windows), and sha256sum or shasum. Go is not needed.
#
# usage: install.sh [VERSION] [DIR]
#   VERSION  latest (the highest stable release), 1 / v1 / 1.x (the newest
#            1.y.z), 1.2 / v1.2 / 1.2.x (the newest 1.2.z), 1.2.3 / v1.2.3, or
#            the 40-hex commit a release tag points at. Anything else is
#            refused before any network call. Default: $HOTLANE_VERSION, else
#            latest.
#   DIR      where the binary goes. Default: $HOTLANE_INSTALL_DIR, else
#            $HOME/.local/bin.
# environment:
#   HOTLANE_DOWNLOAD_BASE   where releases live, BASE/vX.Y.Z/FILE (default
#                           https://github.com/hotlane/hotlane/releases/download)
#   HOTLANE_RELEASES_API    the repository in GitHub's REST API, whose
#                           /releases and /tags lists resolve partial
#                           versions and commits (default
#                           https://api.github.com/repos/hotlane/hotlane)
#   HOTLANE_INSTALL_TOKEN   a token for api.github.com's rate limits; sent
#                           to https://api.github.com only, never elsewhere
#   HOTLANE_TOOL_CACHE      keep verified binaries here, by version (default:
#                           RUNNER_TOOL_CACHE on GitHub, AGENT_TOOLSDIRECTORY
#                           on Azure DevOps; none elsewhere)
#   HOTLANE_INSTALL_ALLOW_HTTP=1  accept plain http URLs: for a test server
#                           or a mirror on a network you trust, never for
#                           the internet
# exit: 0 installed, 1 failed (nothing installed), 2 refused input
set -eu

fail() {
  echo "install.sh: $*; nothing was installed" >&2
  exit 1
}
refuse() {
  echo "install.sh: $*" >&2
  exit 2
}

# normalize prints latest, vN, vN.N, vN.N.N or a 40-hex commit, or fails.
normalize() {
  case $1 in
  '' | *[!0-9A-Za-z.]*) return 1 ;; # also refuses spaces, quotes, ;, / and line breaks
  latest) echo latest && return 0 ;;
  esac
  if printf '%s' "$1" | grep -Eq '^[0-9a-f]{40}$'; then
    echo "$1" && return 0
  fi
  n=${1#v}
  n=${n%.x}
  printf '%s' "$n" | grep -Eq '^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)){0,2}$' || return 1
  echo "v$n"
}

# allowed checks a URL's scheme before it is used.
allowed() {
  case $1 in
  https://* | file://*) ;;
  http://*)
    [ "${HOTLANE_INSTALL_ALLOW_HTTP:-}" = 1 ] ||
      refuse "refusing plain http ($1): use https, or set HOTLANE_INSTALL_ALLOW_HTTP=1 for a test server or a mirror you trust"
    ;;
  *) refuse "$1: want an https:// URL" ;;
  esac
}

requested=${1:-${HOTLANE_VERSION:-latest}}
version=$(normalize "$requested") ||
  refuse "version '$requested' is not one of: latest, 1, 1.x, 1.2, 1.2.x, 1.2.3 (a v prefix is fine), or a release's 40-hex commit"
dir=${2:-${HOTLANE_INSTALL_DIR:-${HOME:?}/.local/bin}}
base=${HOTLANE_DOWNLOAD_BASE:-https://github.com/hotlane/hotlane/releases/download}
base=${base%/}
api=${HOTLANE_RELEASES_API:-https://api.github.com/repos/hotlane/hotlane}
api=${api%/}
allowed "$base"
allowed "$api"
cache=${HOTLANE_TOOL_CACHE:-${RUNNER_TOOL_CACHE:-${AGENT_TOOLSDIRECTORY:-}}}

case "$(uname -s)" in
Linux) os=linux ;;
Darwin) os=darwin ;;
MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
*) fail "unsupported OS $(uname -s)" ;;
esac
case "$(uname -m)" in
x86_64 | amd64) arch=amd64 cachearch=x64 ;;
aarch64 | arm64) arch=arm64 cachearch=arm64 ;;
*) fail "unsupported architecture $(uname -m)" ;;
esac
# the names the release workflow (goreleaser) publishes
archive="hotlane_${os}_${arch}.tar.gz"
binary=hotlane
if [ "$os" = windows ]; then
  archive="hotlane_${os}_${arch}.zip"
  binary=hotlane.exe
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch URL FILE: an https (or allowed http) download that follows
# redirects only to https, or a copy of a file:// URL.
fetch() {
  case $1 in
  file://*)
    cp "${1#file://}" "$2" 2>/dev/null || return 1
    return 0
    ;;
  esac
  proto='=https'
  [ "${HOTLANE_INSTALL_ALLOW_HTTP:-}" = 1 ] && proto='=https,http'
  if command -v curl >/dev/null 2>&1; then
    token=
    case $1 in https://api.github.com/*) token=${HOTLANE_INSTALL_TOKEN:-} ;; esac
    # the token goes in curl's config on stdin, never on the command line
    if [ -n "$token" ]; then
      printf 'header = "Authorization: Bearer %s"\n' "$token" |
        curl -fsSL --retry 3 --proto "$proto" --proto-redir "$proto" --config - -o "$2" "$1"
    else
      curl -fsSL --retry 3 --proto "$proto" --proto-redir "$proto" -o "$2" "$1"
    fi
  else
    wget -q -O "$2" "$1"
  fi
}

# pick PREFIX: the highest stable vX.Y.Z of the release list whose name
# starts with PREFIX (v1., v1.2., or v for latest). Drafts and prereleases
# are skipped; a mirror may serve a list of {"tag_name": ...} alone.
pick() {
  page=1
  : >"$tmp/tags"
  while [ "$page" -le 10 ]; do
    fetch "$api/releases?per_page=100&page=$page" "$tmp/page.json" || fail "cannot read the release list $api/releases (api.github.com allows 60 requests an hour without a token: set HOTLANE_INSTALL_TOKEN, or give a full version)"
    grep -Eo '"(tag_name|draft|prerelease)"[[:space:]]*:[[:space:]]*("[^"]*"|true|false)' "$tmp/page.json" >"$tmp/fields" || break
    awk '
      function flush() {
        if (rec["tag_name"] != "" && rec["draft"] != "true" && rec["prerelease"] != "true") print rec["tag_name"]
        split("", rec)
      }
      {
        key = $0; sub(/^"/, "", key); sub(/".*/, "", key)
        val = $0; sub(/^[^:]*:[[:space:]]*/, "", val); gsub(/"/, "", val)
        if (key in rec) flush()
        rec[key] = val
      }
      END { flush() }' "$tmp/fields" >>"$tmp/tags"
    [ "$(grep -c '^"tag_name"' "$tmp/fields")" -ge 100 ] || break
    page=$((page + 1))
  done
  grep -E '^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$' "$tmp/tags" | while read -r tag; do
    case $tag in "$1"*) echo "${tag#v}" ;; esac
  done | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1 | sed 's/^/v/'
}

# tagged SHA: the highest stable vX.Y.Z tag that points at commit SHA.
tagged() {
  page=1
  : >"$tmp/at"
  while [ "$page" -le 10 ]; do
    fetch "$api/tags?per_page=100&page=$page" "$tmp/page.json" || fail "cannot read the tag list $api/tags (api.github.com allows 60 requests an hour without a token: set HOTLANE_INSTALL_TOKEN, or give a full version)"
    grep -Eo '"(name|sha)"[[:space:]]*:[[:space:]]*"[^"]*"' "$tmp/page.json" >"$tmp/fields" || break
    awk -v want="$1" '
      function flush() {
        if (rec["sha"] == want) print rec["name"]
        split("", rec)
      }
      {
        key = $0; sub(/^"/, "", key); sub(/".*/, "", key)
        val = $0; sub(/^[^:]*:[[:space:]]*/, "", val); gsub(/"/, "", val)
        if (key in rec) flush()
        rec[key] = val
      }
      END { flush() }' "$tmp/fields" >>"$tmp/at"
    [ "$(grep -c '^"name"' "$tmp/fields")" -ge 100 ] || break
    page=$((page + 1))
  done
  grep -E '^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$' "$tmp/at" | sed 's/^v//' |
    sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1 | sed 's/^/v/'
}

case $version in
v*.*.*) resolved=$version ;;
latest) resolved=$(pick v) ;;
v*) resolved=$(pick "$version.") ;;
*) resolved=$(tagged "$version") ;;
esac
[ -n "$resolved" ] || fail "no release matches '$requested' (looked in $api)"
[ "$resolved" = "$version" ] || echo "hotlane $requested is $resolved"

cached="$cache/hotlane/${resolved#v}/$cachearch"
if [ -n "$cache" ] && [ -f "$cached.complete" ] && [ -x "$cached/$binary" ]; then
  from="the tool cache"
else
  fetch "$base/$resolved/checksums.txt" "$tmp/checksums.txt" || fail "cannot download $base/$resolved/checksums.txt"
  fetch "$base/$resolved/$archive" "$tmp/$archive" || fail "cannot download $base/$resolved/$archive"
  want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")
  [ -n "$want" ] || fail "$archive is not listed in checksums.txt of $resolved"
  if command -v sha256sum >/dev/null 2>&1; then
    got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
  else
    got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
  fi
  [ "$got" = "$want" ] || fail "checksum mismatch for $archive of $resolved: got $got, checksums.txt says $want"
  mkdir -p "$tmp/x"
  if [ "$os" = windows ]; then
    unzip -q "$tmp/$archive" -d "$tmp/x"
  else
    tar -xzf "$tmp/$archive" -C "$tmp/x"
  fi
  [ -f "$tmp/x/$binary" ] || fail "$archive of $resolved holds no $binary"
  chmod 0755 "$tmp/x/$binary"
  cached="$tmp/x"
  from="$base/$resolved"
  if [ -n "$cache" ]; then
    keep="$cache/hotlane/${resolved#v}/$cachearch"
    if mkdir -p "$keep" && cp "$tmp/x/$binary" "$keep/$binary.tmp" && mv -f "$keep/$binary.tmp" "$keep/$binary" &&
      : >"$keep.complete"; then
      from="$from, kept in the tool cache"
    fi
  fi
fi

mkdir -p "$dir"
cp "$cached/$binary" "$dir/.$binary.tmp.$$"
chmod 0755 "$dir/.$binary.tmp.$$"
mv -f "$dir/.$binary.tmp.$$" "$dir/$binary"
echo "installed hotlane $resolved ($os/$arch) to $dir/$binary (from $from)"
