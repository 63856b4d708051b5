#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Camera pane against plain tools on the same simulated camera (bench-sim, the
# simulator in a process of its own):
#
#   preview  CPU time per displayed frame of the 1080p 30 fps preview, against the
#            bare GStreamer pipeline (souphttpsrc ! multipartdemux ! jpegdec !
#            fakesink, run by bench-preview-peer); frames shown / frames sent.
#   capture  A 12-megapixel (4000 × 3000) capture: from the capture action to the
#            thumbnail painted, against curl sending the same video=grabimage request.
#   memory   VmRSS of the Teller process after CAPTURES captures in one transaction,
#            against the same process before the first one.
#
# Usage: bench/camera.sh [--install] preview|capture|memory [BUILD/bench]
#   DURATION=S       preview: seconds measured per side (default 60)
#   RUNS=N           capture: captures per side (default 10)
#   CAPTURES=N       memory: captures (default 200)
#   CAPTURE_SIZE=WxH memory: the simulator's capture frame (default 3264x2448)
#
# Exit status: 0 measured (whatever the ratio), 1 a run failed, 77 a tool is missing.
set -euo pipefail

install=0
if [[ "${1:-}" == "--install" ]]; then
  install=1
  shift
fi

mode=${1:-}
here=$(cd "$(dirname "$0")" && pwd)
bindir=${2:-$here/../build/bench}
case "$mode" in
  preview|capture|memory) ;;
  *) echo "usage: $0 [--install] preview|capture|memory [BUILD/bench]" >&2; exit 2 ;;
esac
for program in bench-sim bench-teller bench-preview-peer; do
  if [[ ! -x "$bindir/$program" ]]; then
    echo "$bindir/$program not found: build with -Dgui_tests=true, or pass BUILD/bench" >&2
    exit 1
  fi
done
builddir=$(cd "$bindir/.." && pwd)

duration=${DURATION:-60}
runs=${RUNS:-10}
captures=${CAPTURES:-200}
capture_size=${CAPTURE_SIZE:-3264x2448}

# ---- Tools
declare -A package_of=(
  [xvfb-run]=xvfb
  [gst-launch-1.0]=gstreamer1.0-tools
  [curl]=curl
  [bc]=bc
)
missing=()
for tool in xvfb-run gst-launch-1.0 curl bc; do
  command -v "$tool" >/dev/null || missing+=("${package_of[$tool]}")
done
if command -v gst-inspect-1.0 >/dev/null; then
  gst-inspect-1.0 souphttpsrc >/dev/null 2>&1 || missing+=(gstreamer1.0-plugins-good)
fi
if ((${#missing[@]} > 0)); then
  if ((install)) && [[ $(id -u) == 0 ]]; then
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (apt-get install -y ${missing[*]}, or run with --install)" >&2
    exit 77
  fi
fi

# The run's own settings, data and caches; the schema from the build folder.
work=$(mktemp -d "${TMPDIR:-/tmp}/teller-bench-camera.XXXXXX")
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR=${GSETTINGS_SCHEMA_DIR:-$builddir/data}
export XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config
export NO_AT_BRIDGE=1 LC_ALL=C.UTF-8
# As the GUI tests: the cairo renderer (Xvfb has no GPU; GL would be llvmpipe).
export GSK_RENDERER=${GSK_RENDERER:-cairo} GDK_DEBUG=${GDK_DEBUG:-gl-disable}

sim_pid=
cleanup() {
  [[ -n "$sim_pid" ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# ---- The simulator, in its own process; it prints "counters ..." on SIGUSR1.
"$bindir/bench-sim" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
  grep -q '^camera ' "$work/sim.out" 2>/dev/null && break
  sleep 0.05
done
url=$(sed -n 's/^camera //p' "$work/sim.out")
if [[ -z "$url" ]]; then
  echo "bench-sim did not start:" >&2
  cat "$work/sim.err" >&2
  exit 1
fi

# value KEY LINE: the number after KEY= in LINE.
value() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" <<<"$2"; }
# The two "counters" lines the sim printed since line $1: encoded, dropped deltas.
counter_delta() {
  local from=$1 key=$2 lines
  lines=$(tail -n +"$((from + 1))" "$work/sim.out" | grep '^counters' | tail -2)
  echo "$(value "$key" "$(sed -n 2p <<<"$lines")") - $(value "$key" "$(sed -n 1p <<<"$lines")")" | bc
}
teller() { xvfb-run -a -s "-screen 0 1920x1080x24" "$bindir/bench-teller" "$@"; }

case "$mode" in
preview)
  stream="$url/video=stream&camidx=0"
  echo "stream: $stream (1920x1080, 30 fps), ${duration} s per side, $(nproc) CPUs"

  mark=$(wc -l <"$work/sim.out")
  peer_line=$("$bindir/bench-preview-peer" "$stream" "$duration" "$sim_pid" | grep '^peer')
  sleep 0.2
  peer_sent=$(counter_delta "$mark" encoded)
  peer_skipped=$(counter_delta "$mark" dropped)

  # bench-teller's own window needs the stream's pipeline stopped and started again.
  sleep 1
  mark=$(wc -l <"$work/sim.out")
  teller_out=$(teller preview "$url" "$duration" "$sim_pid")
  echo "$teller_out" | grep -v '^teller'
  teller_line=$(grep '^teller' <<<"$teller_out")
  sleep 0.2
  teller_sent=$(counter_delta "$mark" encoded)
  teller_skipped=$(counter_delta "$mark" dropped)

  peer_frames=$(value frames "$peer_line"); peer_cpu=$(value cpu_ms "$peer_line")
  peer_seconds=$(value seconds "$peer_line")
  teller_frames=$(value frames "$teller_line"); teller_cpu=$(value cpu_ms "$teller_line")
  teller_seconds=$(value seconds "$teller_line")
  if ((peer_frames == 0 || teller_frames == 0)); then
    echo "no frames: peer $peer_frames, teller $teller_frames" >&2
    exit 1
  fi
  peer_per=$(echo "scale=3; $peer_cpu / $peer_frames" | bc)
  teller_per=$(echo "scale=3; $teller_cpu / $teller_frames" | bc)

  printf '%-28s %8s %8s %8s %10s %12s %14s\n' "" seconds sent shown "CPU ms" "CPU ms/frame" "shown/sent"
  printf '%-28s %8.1f %8d %8d %10.0f %12.2f %14.3f\n' "gst pipeline (peer)" "$peer_seconds" \
    "$peer_sent" "$peer_frames" "$peer_cpu" "$peer_per" "$(echo "scale=4; $peer_frames / $peer_sent" | bc)"
  printf '%-28s %8.1f %8d %8d %10.0f %12.2f %14.3f\n' "teller Camera pane" "$teller_seconds" \
    "$teller_sent" "$teller_frames" "$teller_cpu" "$teller_per" "$(echo "scale=4; $teller_frames / $teller_sent" | bc)"
  echo "frames the server skipped for a slow client: peer $peer_skipped, teller $teller_skipped"
  echo "ratio (CPU per displayed frame, teller / peer): $(echo "scale=2; $teller_per / $peer_per" | bc)x  (aim: at most 1.2x)"
  ;;

capture)
  curl -s --fail -X POST -d '{"frame_width":4000,"frame_height":3000}' "$url/__sim/capture" >/dev/null
  echo "capture frame: 4000x3000 (12 MP), $runs captures per side, stream playing throughout"
  teller capture "$url" "$runs" "$sim_pid" | tee "$work/capture.out" | grep --line-buffered -v '^capture'
  line=$(grep '^capture' "$work/capture.out") || { echo "no result" >&2; exit 1; }
  echo "medians over $runs runs:"
  echo "  curl request (peer):                 $(value curl_ms "$line") ms"
  echo "  teller, action to document listed:   $(value doc_ms "$line") ms"
  echo "  teller, action to thumbnail set:     $(value thumb_ms "$line") ms"
  echo "  teller, action to thumbnail painted: $(value paint_ms "$line") ms"
  echo "  client overhead (painted - curl):    $(value overhead_ms "$line") ms  (aim: under 150 ms)"
  echo "  ratio (painted / curl):              $(value ratio "$line")x"
  echo "  longest gap between window paints during a capture: $(value max_gap_ms "$line") ms"
  ;;

memory)
  width=${capture_size%x*}; height=${capture_size#*x}
  curl -s --fail -X POST -d "{\"frame_width\":$width,\"frame_height\":$height}" "$url/__sim/capture" >/dev/null
  echo "capture frame: ${width}x${height}, $captures captures into one transaction"
  teller memory "$url" "$captures" | tee "$work/memory.out" | grep --line-buffered -v '^memory'
  line=$(grep '^memory' "$work/memory.out") || { echo "no result" >&2; exit 1; }
  before=$(value rss_before_kb "$line"); after=$(value rss_after_kb "$line")
  shown=$(value rss_shown_kb "$line"); hwm=$(value hwm_kb "$line")
  mb() { echo "scale=1; $1 / 1024" | bc; }
  echo "VmRSS before the first capture (peer):          $(mb "$before") MB"
  echo "VmRSS after $(value captures "$line") captures ($(value seconds "$line") s):          $(mb "$after") MB  (+$(mb $((after - before))) MB)"
  echo "VmRSS with the transaction pane shown (3 s):    $(mb "$shown") MB  (+$(mb $((shown - before))) MB)"
  echo "VmHWM (peak):                                   $(mb "$hwm") MB"
  echo "ratio (after / before): $(echo "scale=2; $after / $before" | bc)x  (aim: under 200 MB after the captures)"
  ;;
esac
