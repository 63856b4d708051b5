#!/bin/sh
# The whole test suite, as CI runs it: a warnings-as-errors build and its tests,
# then the same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
# GUI tests run in a private X server (Xvfb).
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh

run_suite () {
  dir=$1; shift
  if [ ! -d "$dir" ]; then
    meson setup "$dir" -Dwerror=true "$@"
  fi
  meson compile -C "$dir"
  xvfb-run -a -s '-screen 0 1280x1024x24' meson test -C "$dir" --print-errorlogs --num-processes 2
}

status=0
run_suite build-ci || status=1
run_suite build-ci-sanitize -Db_sanitize=address,undefined -Db_lundef=false || status=1
python3 tools/test-summary.py build-ci/meson-logs/testlog.json \
  build-ci-sanitize/meson-logs/testlog.json || status=1
exit $status
