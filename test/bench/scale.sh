#!/usr/bin/env bash
# A 200-service spec through every form of efsfargate:
#
#   bash test/bench/scale.sh          # N=200 REPEAT=3 by default; KEEP=1 keeps the work dir
#
#   1. `efsfargate emit` (the built binary) of generated specs with 20, N and
#      500 services: whole-process time and peak memory, median of REPEAT;
#   2. cfn-lint --include-checks I on the N-service template (one run: it is
#      the slow step);
#   3. the CDK app (cmd/efsfargate-cdk, built) synthesizing the N-service
#      spec, with aws-cdk-lib's validation on and with CDK_VALIDATION=false,
#      median of REPEAT, in the environment `cdk synth -c spec=...` gives it.
#
# A 200-service stack is over CloudFormation's quotas (500 resources, 200
# outputs, 1 MB template), so it cannot be deployed as one stack; each step
# is still expected to succeed. Nothing is relaxed to make a step pass: when
# one fails, the summary says which and why (its own error text), and the
# script exits 1.
#
# Needs: Go, Node.js, `npm ci` at the repo root, cfn-lint, GNU time at
# /usr/bin/time (Debian: apt-get install time).
set -uo pipefail
cd "$(dirname "$0")/../.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_VERSION_CHECK=1
unset CDK_VALIDATION CDK_CONTEXT_JSON CDK_OUTDIR

N=${N:-200}
REPEAT=${REPEAT:-3}
TIME=/usr/bin/time
if [ ! -x "$TIME" ] || ! "$TIME" -f '%e' true 2>/dev/null; then
  echo "scale.sh: GNU time is missing at $TIME; install it (Debian: apt-get install -y time) and run again" >&2
  exit 2
fi
for tool in go node jq cfn-lint; do
  command -v "$tool" >/dev/null || { echo "scale.sh: $tool is not in PATH" >&2; exit 2; }
done
[ -f cdk.json ] || { echo "scale.sh: run from the efsfargate repository" >&2; exit 2; }

WORK=$(mktemp -d /tmp/efsfargate-scale-bench.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
  echo "work dir (kept): $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
START=$SECONDS
calc() { awk "BEGIN { print $1 }"; }

echo "== setup (cfn-lint $(cfn-lint --version | awk '{print $2}'); load average $(cut -d' ' -f1-3 /proc/loadavg))"
go build -o "$WORK/efsfargate" ./cmd/efsfargate || exit 1
go build -o "$WORK/efsfargate-cdk" ./cmd/efsfargate-cdk || exit 1
for n in 20 "$N" 500; do
  go run ./test/bench/gen -n "$n" >"$WORK/spec-$n.yml" || exit 1
done
echo "specs: $(wc -c <"$WORK/spec-$N.yml") bytes for $N services ($(sha256sum "$WORK/spec-$N.yml" | cut -c1-16)…)"

RESULTS=$WORK/results.tsv # label  round  elapsed_s  maxrss_kb  cpu_s  rc
: >"$RESULTS"
# run LABEL ROUND CMD...: one timed run; its stdout/stderr go to $WORK/LABEL.ROUND.{out,err}.
run() {
  local label=$1 round=$2
  shift 2
  local rc=0
  "$TIME" -o "$WORK/time.txt" -f '%e %M %U %S' "$@" >"$WORK/$label.$round.out" 2>"$WORK/$label.$round.err" || rc=$?
  local e m u s
  read -r e m u s < <(tail -n 1 "$WORK/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$e" "$m" "$(calc "$u + $s")" "$rc" >>"$RESULTS"
  printf '  %-16s round %s: %7.2f s %8d KB  cpu %6.2f s  exit %s  load %s\n' "$label" "$round" "$e" "$m" "$(calc "$u + $s")" "$rc" "$(cut -d' ' -f1 /proc/loadavg)"
  return "$rc"
}
median() { # LABEL COLUMN
  awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$RESULTS" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
status=() # "step|ok" or "step|FAILED: why"

# --- 1. efsfargate emit ------------------------------------------------------
echo "== efsfargate emit (whole process), $REPEAT rounds"
emit_ok=1
for round in $(seq 1 "$REPEAT"); do
  for n in 20 "$N" 500; do
    run "emit-$n" "$round" "$WORK/efsfargate" emit -f "$WORK/spec-$n.yml" -o "$WORK/template-$n.yml" || emit_ok=0
  done
done
if [ "$emit_ok" = 1 ]; then
  status+=("efsfargate emit ($N services)|ok")
  for n in 20 "$N" 500; do
    # Counted on the JSON form (same template; not timed).
    "$WORK/efsfargate" emit -f "$WORK/spec-$n.yml" --format json -o "$WORK/template-$n.json"
    echo "  template-$n.yml: $(wc -c <"$WORK/template-$n.yml") bytes (JSON $(wc -c <"$WORK/template-$n.json")), $(jq '.Resources | length' "$WORK/template-$n.json") resources, $(jq '.Outputs | length' "$WORK/template-$n.json") outputs"
  done
else
  status+=("efsfargate emit ($N services)|FAILED: $(tail -n 3 "$WORK/emit-$N.1.err" | tr '\n' ' ')")
fi

# --- 2. cfn-lint -------------------------------------------------------------
echo "== cfn-lint --include-checks I on the $N-service template (1 run)"
if [ -f "$WORK/template-$N.yml" ]; then
  if run "cfn-lint-$N" 1 cfn-lint --include-checks I -- "$WORK/template-$N.yml"; then
    status+=("cfn-lint --include-checks I ($N services)|ok")
  else
    findings=$(grep -E '^[EWI][0-9]{4} ' "$WORK/cfn-lint-$N.1.out" | sort)
    echo "$findings" | sed 's/^/  /'
    status+=("cfn-lint --include-checks I ($N services)|FAILED (exit $(awk -F'\t' '$1 == "cfn-lint-'"$N"'" { print $6 }' "$RESULTS")): $(echo "$findings" | paste -sd ';' | sed 's/;/; /g')")
  fi
else
  status+=("cfn-lint --include-checks I ($N services)|FAILED: no template (emit failed)")
fi

# --- 3. CDK synth ------------------------------------------------------------
# The environment the CDK CLI gives the app for `cdk synth -c spec=FILE`:
# cdk.json's context plus the CLI's own keys (see synth.sh, which captures
# them from the CLI; the same keys are written here to keep this script fast).
ctx() {
  jq -c --arg spec "$1" '.context + {
    "aws:cdk:enable-path-metadata": true, "aws:cdk:enable-asset-metadata": true,
    "aws:cdk:version-reporting": true, "aws:cdk:bundling-stacks": ["**"],
    "@aws-cdk/core:failSynthOnValidationErrors": false, "spec": $spec }' cdk.json
}
echo "== CDK app synth of the $N-service spec, validation on and off, $REPEAT rounds"
declare -A synth_ok=([on]=1 [off]=1)
for round in $(seq 1 "$REPEAT"); do
  for v in on off; do
    out=$WORK/cdk-$v
    rm -rf "$out"
    envs=(CDK_CONTEXT_JSON="$(ctx "$WORK/spec-$N.yml")" CDK_OUTDIR="$out")
    [ "$v" = off ] && envs+=(CDK_VALIDATION=false)
    run "synth-$N-$v" "$round" env "${envs[@]}" "$WORK/efsfargate-cdk" || synth_ok[$v]=0
  done
done
for v in on off; do
  name="CDK synth, validation $v ($N services)"
  [ "$v" = off ] && name="CDK synth, CDK_VALIDATION=false ($N services)"
  if [ "${synth_ok[$v]}" = 1 ]; then
    status+=("$name|ok ($(jq '.Resources | length' "$WORK/cdk-$v/bench-load.template.json") resources)")
  else
    # The app prints construct errors on stderr; the jsii runtime may add a
    # "Runtime process exited abnormally: waitid" line on exit (harmless).
    why=$(sed 's/Runtime process exited abnormally: waitid: no child processes//' "$WORK/synth-$N-$v.1.err" | grep -v '^$' | head -n 3 | tr '\n' ' ')
    status+=("$name|FAILED: $why")
  fi
done

# --- summary -----------------------------------------------------------------
echo
echo "== summary: median of $REPEAT (cfn-lint: 1 run); elapsed wall time, peak RSS of the largest process, user+sys CPU"
printf '| %-18s | %9s | %9s | %8s | %4s |\n' run "elapsed s" "peak MiB" "CPU s" exit
printf '|%s|%s|%s|%s|%s|\n' -------------------- ----------: ----------: ---------: -----:
for label in emit-20 "emit-$N" emit-500 "cfn-lint-$N" "synth-$N-on" "synth-$N-off"; do
  printf '| %-18s | %9.3f | %9.1f | %8.3f | %4s |\n' "$label" "$(median "$label" 3)" "$(calc "$(median "$label" 4) / 1024")" \
    "$(median "$label" 5)" "$(awk -F'\t' -v l="$label" '$1 == l { print $6; exit }' "$RESULTS")"
done
printf 'emit time per service (process start subtracted via the 20-service run): %s services %.2f ms, 500 services %.2f ms\n' \
  "$N" "$(calc "($(median "emit-$N" 3) - $(median emit-20 3)) * 1000 / ($N - 20)")" \
  "$(calc "($(median emit-500 3) - $(median emit-20 3)) * 1000 / 480")"
echo
failed=0
for s in "${status[@]}"; do
  printf '%-45s %s\n' "${s%%|*}:" "${s#*|}"
  case "${s#*|}" in FAILED*) failed=1 ;; esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); total $((SECONDS - START)) s"
exit "$failed"
