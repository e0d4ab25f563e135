#!/usr/bin/env bash
# The Go benchmarks of efsfargate, exactly as BENCHMARKS.md quotes them:
#
#   bash test/bench/gobench.sh
#
#   1. go test ./internal/emitter -run '^$' -bench . -benchmem
#      in-process parse + validate + emit of the reference, 50 and 500 services
#   2. the 500-service benchmarks again with -count 5 (one iteration takes
#      about a second, so a single run is one sample)
#   3. go test ./cmd/efsfargate -run '^$' -bench EmitProcess
#      the whole `efsfargate emit` process (target <= 20 ms)
#
# As a cross-check it also times 100 runs of the built binary from a shell
# loop.
set -uo pipefail
cd "$(dirname "$0")/../.."
rc=0
WORK=$(mktemp -d /tmp/efsfargate-gobench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "== load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version)"
echo "== go test ./internal/emitter -run '^\$' -bench . -benchmem"
go test ./internal/emitter -run '^$' -bench . -benchmem || rc=1

echo "== go test ./internal/emitter -run '^\$' -bench Emit500 -benchmem -count 5"
go test ./internal/emitter -run '^$' -bench Emit500 -benchmem -count 5 || rc=1

echo "== go test ./cmd/efsfargate -run '^\$' -bench EmitProcess"
go test ./cmd/efsfargate -run '^$' -bench EmitProcess || rc=1

echo "== cross-check: 100 runs of \`efsfargate emit >/dev/null\` from a shell loop"
go build -o "$WORK/efsfargate" ./cmd/efsfargate || exit 1
start=$(date +%s%N)
for _ in $(seq 100); do
  "$WORK/efsfargate" emit >/dev/null || { echo "efsfargate emit failed" >&2; exit 1; }
done
end=$(date +%s%N)
awk -v ns=$((end - start)) 'BEGIN { printf "%.2f ms per process (loop overhead included)\n", ns / 100 / 1e6 }'
exit "$rc"
