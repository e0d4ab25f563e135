#!/usr/bin/env bash
# A 200-service spec with layout: split through both forms:
#
#   bash test/bench/split.sh        # N=200 REPEAT=3 by default; KEEP=1 keeps the work dir
#
#   1. `efsfargate emit --out-dir` (the built binary): whole-process time and
#      peak memory, median of REPEAT; every stack checked against
#      CloudFormation's quotas (resources, outputs, bytes);
#   2. cfn-lint over every stack (one run);
#   3. the CDK app synthesizing the same spec, validation on and off, median
#      of REPEAT; the stack names must be the raw form's, in the same set.
#
# The spec is generated (test/bench/gen) with `layout: split` added; nothing
# is committed. Needs: Go, Node.js, `npm ci`, cfn-lint, jq, GNU time.
set -uo pipefail
cd "$(dirname "$0")/../.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_VERSION_CHECK=1
unset CDK_VALIDATION CDK_CONTEXT_JSON CDK_OUTDIR
N=${N:-200}
REPEAT=${REPEAT:-3}
TIME=/usr/bin/time
for tool in go node jq cfn-lint "$TIME"; do
  command -v "$tool" >/dev/null || { echo "split.sh: $tool is missing" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/efsfargate-split-bench.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then echo "work dir (kept): $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
go build -o "$WORK/efsfargate" ./cmd/efsfargate || exit 1
go build -o "$WORK/efsfargate-cdk" ./cmd/efsfargate-cdk || exit 1
{ echo "layout: split"; go run ./test/bench/gen -n "$N"; } >"$WORK/spec.yml" || exit 1
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg); cfn-lint $(cfn-lint --version | awk '{print $2}')"
failed=0
timed() { # LABEL CMD...: prints "LABEL elapsed_s peak_KB cpu_s exit"
  local label=$1 rc=0
  shift
  "$TIME" -o "$WORK/time.txt" -f '%e %M %U %S' "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || rc=$?
  read -r e m u s < <(tail -n 1 "$WORK/time.txt")
  echo "$label $e $m $(awk "BEGIN { print $u + $s }") $rc"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== efsfargate emit --out-dir, $REPEAT rounds"
for r in $(seq 1 "$REPEAT"); do
  rm -rf "$WORK/raw"
  timed emit "$WORK/efsfargate" emit -f "$WORK/spec.yml" --out-dir "$WORK/raw" | tee -a "$WORK/emit.tsv"
done
awk '$5 != 0 { bad = 1 } END { exit bad }' "$WORK/emit.tsv" || { echo "emit FAILED: $(head -3 "$WORK/emit.err")"; failed=1; }
stacks=$(wc -l <"$WORK/emit.out")
echo "emit: median $(awk '{print $2}' "$WORK/emit.tsv" | median) s, peak $(awk '{print $3}' "$WORK/emit.tsv" | median) KB, CPU $(awk '{print $4}' "$WORK/emit.tsv" | median) s; $stacks stacks"
rm -rf "$WORK/json"; "$WORK/efsfargate" emit -f "$WORK/spec.yml" --out-dir "$WORK/json" --format json >/dev/null
over=0; maxr=0; maxo=0; maxb=0
for f in "$WORK"/json/*.json; do
  r=$(jq '.Resources | length' "$f"); o=$(jq '.Outputs // {} | length' "$f")
  b=$(wc -c <"$WORK/raw/$(basename "$f" .json).yaml")
  [ "$r" -gt 500 ] || [ "$o" -gt 200 ] || [ "$b" -gt 1000000 ] && over=$((over + 1))
  [ "$r" -gt "$maxr" ] && maxr=$r; [ "$o" -gt "$maxo" ] && maxo=$o; [ "$b" -gt "$maxb" ] && maxb=$b
done
echo "quotas: $over stacks over; largest $maxr resources, $maxo outputs, $maxb bytes (YAML)"
[ "$over" = 0 ] || failed=1

echo "== cfn-lint over the $stacks stacks (1 run)"
timed lint cfn-lint -- "$WORK"/raw/*.yaml | tee "$WORK/lint.tsv"
[ "$(awk '{print $5}' "$WORK/lint.tsv")" = 0 ] || { echo "cfn-lint FAILED:"; head -20 "$WORK/lint.out"; failed=1; }

echo "== CDK app synth, $REPEAT rounds, validation on and off"
ctx=$(jq -c --arg spec "$WORK/spec.yml" '.context + {"spec": $spec}' cdk.json)
for r in $(seq 1 "$REPEAT"); do
  for v in on off; do
    rm -rf "$WORK/cdk-$v"
    envs=(CDK_CONTEXT_JSON="$ctx" CDK_OUTDIR="$WORK/cdk-$v")
    [ "$v" = off ] && envs+=(CDK_VALIDATION=false)
    timed "synth-$v" env "${envs[@]}" "$WORK/efsfargate-cdk" | tee -a "$WORK/synth-$v.tsv"
  done
done
for v in on off; do
  awk '$5 != 0 { bad = 1 } END { exit bad }' "$WORK/synth-$v.tsv" || { echo "synth $v FAILED: $(grep -v '^$' "$WORK/synth-$v.err" | head -3)"; failed=1; }
  echo "synth $v: median $(awk '{print $2}' "$WORK/synth-$v.tsv" | median) s, peak $(awk '{print $3}' "$WORK/synth-$v.tsv" | median) KB, CPU $(awk '{print $4}' "$WORK/synth-$v.tsv" | median) s"
done
jq -r '.artifacts | to_entries[] | select(.value.type == "aws:cloudformation:stack") | .key' "$WORK/cdk-off/manifest.json" | sort >"$WORK/cdk-stacks.txt"
sort "$WORK/emit.out" >"$WORK/raw-stacks.txt"
if cmp -s "$WORK/cdk-stacks.txt" "$WORK/raw-stacks.txt"; then
  echo "CDK: the same $(wc -l <"$WORK/cdk-stacks.txt") stacks as the raw form"
else
  echo "CDK stacks differ from the raw form's:"; diff "$WORK/raw-stacks.txt" "$WORK/cdk-stacks.txt" | head; failed=1
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$failed"
