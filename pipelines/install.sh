#!/usr/bin/env bash
# Installs the hotlane binary for this machine's OS and architecture from a
# hotlane release, and verifies it against the release's checksums.txt
# before installing anything. Nothing is piped into a shell.
#
# usage: install.sh VERSION [DIR]      e.g. install.sh v1.2.0 "$HOME/.local/bin"
#   HOTLANE_DOWNLOAD_BASE  where releases live (default: https://github.com/hotlane/hotlane/releases/download)
set -euo pipefail

version=${1:?usage: install.sh VERSION [DIR]}
dir=${2:-$HOME/.local/bin}
base=${HOTLANE_DOWNLOAD_BASE:-https://github.com/hotlane/hotlane/releases/download}

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
  *) echo "install.sh: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install.sh: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

# the names the release workflow (goreleaser) publishes
archive="hotlane_${os}_${arch}.tar.gz"
binary=hotlane
if [[ $os == windows ]]; then
  archive="hotlane_${os}_${arch}.zip"
  binary=hotlane.exe
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$version/$archive"
curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/$version/checksums.txt"

want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")
if [[ -z $want ]]; then
  echo "install.sh: $archive is not listed in checksums.txt of $version" >&2
  exit 1
fi
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
fi
if [[ $got != "$want" ]]; then
  echo "install.sh: checksum mismatch for $archive: got $got, want $want; nothing installed" >&2
  exit 1
fi

mkdir -p "$dir" "$tmp/x"
if [[ $archive == *.zip ]]; then
  unzip -q "$tmp/$archive" -d "$tmp/x"
else
  tar -xzf "$tmp/$archive" -C "$tmp/x"
fi
install -m 0755 "$tmp/x/$binary" "$dir/$binary"
echo "installed hotlane $version ($os/$arch) to $dir/$binary"
