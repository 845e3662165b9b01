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

# Python: two project virtual environments, because the extras cannot share one: unbabel-comet
# (models) needs numpy<2, and every datatrove release with a Ray executor needs numpy 2.
#   .venv            base + models, ct2, test (torch==2.13.0 is the CPU wheel on this machine):
#                    the whole suite; the datatrove tests skip there (importorskip).
#   .venv-datatrove  base + datatrove, test: the offline tests and the datatrove/Ray tests; the
#                    model tests skip there (no torch).
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[models,ct2,test]' -c constraints.txt
[ -x .venv-datatrove/bin/python ] || python3 -m venv .venv-datatrove
.venv-datatrove/bin/python -m pip install -q --disable-pip-version-check -e '.[datatrove,test]' -c constraints-datatrove.txt

# pytest exits 5 when it collects nothing: that is a failure here.
run_suite() {
  local name=$1; shift
  echo "== tests in $name" >&2
  set +e
  "$@"
  local status=$?
  set -e
  if [ $status -eq 5 ]; then
    echo "error: pytest collected no tests in $name" >&2
    status=1
  fi
  return $status
}

# The datatrove environment runs every test that needs no model extra: the offline suite again on
# numpy 2 (the base package must work there) plus the datatrove and Ray tests.
models_env=0; datatrove_env=0
run_suite .venv .venv/bin/python -m pytest -q "$@" || models_env=$?
run_suite .venv-datatrove .venv-datatrove/bin/python -m pytest -q "$@" || datatrove_env=$?
if [ $models_env -ne 0 ] || [ $datatrove_env -ne 0 ]; then
  echo "error: tests failed (.venv: exit $models_env, .venv-datatrove: exit $datatrove_env)" >&2
  exit 1
fi
