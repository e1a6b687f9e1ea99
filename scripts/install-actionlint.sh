#!/usr/bin/env bash
# Installs the workflow linters for test/review/workflow-lint.test.ts:
# - actionlint (GitHub Actions workflow linter) into .tools/bin. It is a Go module: `go install`
#   fetches the pinned version's source through the Go module proxy and builds it.
# - shellcheck (actionlint runs it on every `run:` script), from the Debian package when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION="v1.7.12"

if ! command -v shellcheck >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
  else
    echo "install-actionlint: shellcheck is missing; install it (Debian/Ubuntu: apt-get install shellcheck)" >&2
    exit 1
  fi
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-actionlint: the Go toolchain (go) is required to build actionlint ${ACTIONLINT_VERSION}" >&2
  exit 1
fi
mkdir -p .tools/bin
if [ -x .tools/bin/actionlint ] && [ "$(.tools/bin/actionlint -version 2>/dev/null | head -n1)" = "${ACTIONLINT_VERSION}" ]; then
  echo "actionlint ${ACTIONLINT_VERSION} already in .tools/bin; $(shellcheck --version | sed -n 2p)"
  exit 0
fi
GOBIN="$(pwd)/.tools/bin" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
echo "actionlint $(.tools/bin/actionlint -version | head -n1) in .tools/bin; $(shellcheck --version | sed -n 2p)"
