#!/usr/bin/env bash
# Installs the real third-party clients the integration tests use, from Debian, when any is missing.
# Runs before `npm test` (pretest). As root it installs; otherwise it names what to install.
set -euo pipefail

# command -> Debian package
declare -A need=(
  [openssl]=openssl
  [curl]=curl
  [swaks]=swaks
  [python3]=python3
  [fetchmail]=fetchmail
  [getmail]=getmail6
  [mbsync]=isync
  [mutt]=mutt
  [chromium]=chromium
)

missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
# swaks speaks TLS only with this Perl module, which nothing on PATH reveals.
perl -MNet::SSLeay -e1 >/dev/null 2>&1 || missing+=(libnet-ssleay-perl)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "test clients missing: ${missing[*]}" >&2
  echo "install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing test clients: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
