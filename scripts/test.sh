#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
# Idempotent: a second run reuses .venv and skips what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# System tools the tests use: Debian's chromium (the HTML report in a real browser) and
# hunspell with the German dictionary (the spell-checker baseline of `mtcheck eval`).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v hunspell >/dev/null 2>&1 || need+=(hunspell)
[ -e /usr/share/hunspell/de_DE.dic ] || need+=(hunspell-de-de)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Python: a project virtual environment with the pinned dependencies, the model extras included
# (torch==2.13.0 is the CPU wheel on this machine), installed from the project's own files.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[models,ct2,test]' -c constraints.txt

# The tests (the quality gate is one of them). pytest exits 5 when it collects nothing: that is a failure here.
set +e
.venv/bin/python -m pytest -q "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit $status
