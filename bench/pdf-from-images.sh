#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `teller-cli pdf from-images` against img2pdf on the same 40 A4 JPEGs (200 dpi,
# 1654 × 2339).  Reports both median wall times and the ratio teller / img2pdf (the
# aim: at most 1.0), and checks that every JPEG is in both PDFs byte for byte.
#
# Usage: bench/pdf-from-images.sh [--install] [PATH/TO/teller-cli]
#   --install   apt-get install what is missing (as root), instead of stopping
#   RUNS=N      timed runs per tool (default 15), after 3 warm-up runs
#   PAGES=N     number of pages (default 40)
#
# Exit status: 0 measured (whatever the ratio), 1 a check failed, 77 a tool is missing.
set -euo pipefail

install=0
if [[ "${1:-}" == "--install" ]]; then
  install=1
  shift
fi

here=$(cd "$(dirname "$0")" && pwd)
teller_cli=${1:-${TELLER_CLI:-$here/../build/src/teller-cli}}
runs=${RUNS:-15}
pages=${PAGES:-40}

if [[ ! -x "$teller_cli" ]]; then
  echo "teller-cli not found at $teller_cli: build it first, or pass its path" >&2
  exit 1
fi

# ---- Tools: img2pdf is the peer; hyperfine is optional (a timing loop otherwise).
declare -A package_of=(
  [img2pdf]=img2pdf
  [python3]=python3
  [gst-launch-1.0]=gstreamer1.0-tools
)
missing=()
for tool in img2pdf python3 gst-launch-1.0; do
  command -v "$tool" >/dev/null || missing+=("${package_of[$tool]}")
done
if command -v gst-inspect-1.0 >/dev/null && ! gst-inspect-1.0 jpegenc >/dev/null 2>&1; then
  missing+=(gstreamer1.0-plugins-good)
fi
if ((${#missing[@]} > 0)); then
  if ((install)) && [[ $(id -u) == 0 ]]; then
    apt-get install -y -qq "${missing[@]}" hyperfine >/dev/null
  else
    echo "missing: ${missing[*]} (apt-get install -y ${missing[*]}, or run with --install)" >&2
    exit 77
  fi
fi
if ! command -v hyperfine >/dev/null; then
  echo "note: hyperfine not installed (apt-get install -y hyperfine); using a timing loop" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/teller-bench-pdf.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- Input: 40 distinct A4 pages at 200 dpi, JFIF density set so both tools size
# the pages alike (img2pdf's default is 96 dpi, teller's 200).
gst-launch-1.0 -q videotestsrc num-buffers="$pages" pattern=smpte horizontal-speed=7 \
  ! video/x-raw,width=1654,height=2339,framerate=1/1 \
  ! jpegenc quality=90 ! multifilesink location="$work/page-%02d.jpg"
python3 - "$work"/page-*.jpg <<'EOF'
import struct, sys
for path in sys.argv[1:]:
    with open(path, "r+b") as f:
        head = f.read(18)
        assert head[6:11] == b"JFIF\0", path
        f.seek(13)
        f.write(struct.pack(">BHH", 1, 200, 200))
EOF
images=("$work"/page-*.jpg)
input_bytes=$(cat "${images[@]}" | wc -c)

teller_cmd="$(printf '%q' "$teller_cli") pdf from-images --out $work/teller.pdf $work/page-*.jpg"
img2pdf_cmd="img2pdf -o $work/img2pdf.pdf $work/page-*.jpg"

# ---- Timing
median_of () {
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if command -v hyperfine >/dev/null; then
  hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$work/times.json" \
    -n teller "$teller_cmd" -n img2pdf "$img2pdf_cmd" >&2
  read -r teller_s img2pdf_s < <(python3 - "$work/times.json" <<'EOF'
import json, sys
results = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
print(results["teller"], results["img2pdf"])
EOF
)
else
  time_runs () {
    for _ in 1 2 3; do eval "$1" >/dev/null; done
    for ((i = 0; i < runs; i++)); do
      local start end
      start=$(date +%s%N)
      eval "$1" >/dev/null
      end=$(date +%s%N)
      echo "($end - $start) / 1000000000" | bc -l
    done | median_of
  }
  teller_s=$(time_runs "$teller_cmd")
  img2pdf_s=$(time_runs "$img2pdf_cmd")
fi

# ---- Checks: every JPEG once in each PDF, unchanged; same page count.
python3 - "$work/teller.pdf" "$work/img2pdf.pdf" "${images[@]}" <<'EOF'
import re, sys
pdfs = {path: open(path, "rb").read() for path in sys.argv[1:3]}
jpegs = [open(path, "rb").read() for path in sys.argv[3:]]
ok = True
for path, data in pdfs.items():
    found = sum(data.count(jpeg) == 1 for jpeg in jpegs)
    n_pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    print(f"{path.rsplit('/', 1)[-1]}: {len(data)} bytes, {n_pages} pages, "
          f"{found}/{len(jpegs)} JPEG streams byte-identical")
    ok = ok and found == len(jpegs) and n_pages == len(jpegs)
sys.exit(0 if ok else 1)
EOF

# Both tools size the pages alike (pdfinfo, from poppler-utils, when installed).
if command -v pdfinfo >/dev/null; then
  if diff <(pdfinfo -l 9999 "$work/teller.pdf" | grep '^Page.*size') \
          <(pdfinfo -l 9999 "$work/img2pdf.pdf" | grep '^Page.*size') >/dev/null; then
    echo "page sizes: the same in both PDFs ($(pdfinfo "$work/teller.pdf" | sed -n 's/^Page size: *//p'))"
  else
    echo "page sizes differ between the two PDFs" >&2
    exit 1
  fi
fi

ratio=$(echo "$teller_s / $img2pdf_s" | bc -l)
printf 'pages: %d A4 JPEGs at 200 dpi, %d bytes in all\n' "${#images[@]}" "$input_bytes"
printf 'teller-cli pdf from-images  median %.1f ms\n' "$(echo "$teller_s * 1000" | bc -l)"
printf 'img2pdf                     median %.1f ms\n' "$(echo "$img2pdf_s * 1000" | bc -l)"
printf 'ratio teller/img2pdf: %.2fx (aim: at most 1.0x) %s\n' "$ratio" \
  "$( (( $(echo "$ratio <= 1.0" | bc -l) )) && echo met || echo 'NOT met')"
