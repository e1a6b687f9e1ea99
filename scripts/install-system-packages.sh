#!/usr/bin/env bash
# Installs the system tools the tests call, from Debian's packages, when they are missing:
# shellcheck (actionlint runs it on workflow scripts), gpg (custodian keys in the PGP ceremony
# test) and openssl (the test CA and server certificate of the production-path test).
set -euo pipefail
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "install-system-packages: missing ${missing[*]}; install them (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
  exit 1
fi
