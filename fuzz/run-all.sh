#!/usr/bin/env bash
# Runs every fuzz target for $1 seconds (default 600) each, one after another, on one core.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
export RUSTC_BOOTSTRAP=1
for t in front_matter yaml date body post link; do
  echo "== $t for ${secs}s"
  mkdir -p "work/$t" artifacts/$t
  cargo fuzz run "$t" "work/$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=10 2>&1 | tail -5 || echo "!! $t stopped: see fuzz/artifacts/$t"
done
