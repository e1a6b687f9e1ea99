#!/usr/bin/env bash
# Installs actionlint (GitHub Actions workflow linter) into .tools/bin for
# test/review/workflow-lint.test.ts. It is a Go module: `go install` fetches the pinned version's
# source through the Go module proxy and builds it. shellcheck, which actionlint runs on every
# `run:` script, comes from scripts/install-system-packages.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION="v1.7.12"

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
