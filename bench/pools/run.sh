#!/usr/bin/env bash
# Generates every trace of bench/pools/seeds.txt into a scratch folder and replays it against every policy.
#   bench/pools/run.sh [OUT_DIR] [extra replay options, e.g. --lead-median 15 --lead-p95 40]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$(mktemp -d -t forge-pool-traces-XXXX)}"
shift || true
dotnet build "$root/bench/Forge.Bench" -c Release --nologo -v quiet
bench="$root/bench/Forge.Bench/bin/Release/net10.0/Forge.Bench.dll"
mkdir -p "$out"
grep -v '^#' "$root/bench/pools/seeds.txt" | while read -r name seed; do
  dotnet "$bench" pools-trace "$name" --seed "$seed" --out "$out/$name.csv"
  dotnet "$bench" pools --trace "$out/$name.csv" "$@"
done
