#!/usr/bin/env bash
# Whole-process `cdk synth` time and peak memory of the efsfargate CDK app.
#
#   bash test/bench/synth.sh          # REPEAT=3 rounds by default; KEEP=1 keeps the work dir
#
# Measures, each with aws-cdk-lib's CloudFormation validation on (the default)
# and off (CDK_VALIDATION=false), REPEAT times, and reports the median:
#   go-ref   the Go app (cmd/efsfargate-cdk, built with go build -o) on the reference spec
#   go-20    the Go app on a generated 20-service spec (test/bench/gen)
#   js-ref   the same reference stack written against aws-cdk-lib in plain
#            JavaScript (test/bench/js/reference.js)
# The apps run without the CDK CLI but with exactly the environment the CLI
# gives them (CDK_CONTEXT_JSON, CDK_OUTDIR, ...; captured from the pinned CLI
# once), so each figure is what the app costs inside `cdk synth`; the one
# addition is the context @aws-cdk/core.slowSynthThreshold=0, which makes
# aws-cdk-lib write its phase timings (performance-counters.json) on every
# run, for the "where the time goes" table. Rounds are
# interleaved (go, js, go, js, ...) so that load from other work on the
# machine falls on both forms alike. Then, once each, `npx cdk synth` with the
# prebuilt binary and with cdk.json's `go run`, to show what the CLI adds.
#
# It also checks that the Go and JavaScript templates hold the same resources
# (types and counts; in fact the whole template except CDKMetadata) and that
# validation-report.json is written exactly when validation is on.
#
# Needs: Go, Node.js, `npm ci` at the repo root (the CDK CLI), GNU time at
# /usr/bin/time (Debian: apt-get install time). test/bench/js gets `npm ci`
# here when its node_modules is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_VERSION_CHECK=1
unset CDK_VALIDATION CDK_CONTEXT_JSON CDK_OUTDIR

REPEAT=${REPEAT:-3}
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "synth.sh: $TIME is missing; install GNU time (Debian: apt-get install -y time) and run again" >&2
  exit 2
fi
if ! "$TIME" -f '%e' true 2>/dev/null; then
  echo "synth.sh: $TIME is not GNU time (no -f); install Debian's time package" >&2
  exit 2
fi
if [ ! -x node_modules/.bin/cdk ]; then
  echo "synth.sh: the CDK CLI is not installed; run npm ci at the repo root" >&2
  exit 2
fi

WORK=$(mktemp -d /tmp/efsfargate-synth-bench.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
  echo "work dir (kept): $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
START=$SECONDS

# --- setup -----------------------------------------------------------------
echo "== setup"
echo "GNU time: $TIME"
if [ ! -d test/bench/js/node_modules/aws-cdk-lib ]; then
  echo "npm ci in test/bench/js"
  (cd test/bench/js && npm ci --no-audit --no-fund --loglevel=error)
fi
js_lib=$(node -p "require('./test/bench/js/node_modules/aws-cdk-lib/package.json').version")
go_lib=$(go list -m -f '{{.Version}}' github.com/aws/aws-cdk-go/awscdk/v2)
echo "aws-cdk-lib: JavaScript $js_lib, Go $go_lib; CDK CLI $(node -p "require('./node_modules/aws-cdk/package.json').version"); node $(node --version); $(go version)"
if [ "v$js_lib" != "$go_lib" ]; then
  echo "synth.sh: aws-cdk-lib versions differ; the comparison would not be fair" >&2
  exit 1
fi
BIN=$WORK/efsfargate-cdk
go build -o "$BIN" ./cmd/efsfargate-cdk
go run ./test/bench/gen -n 20 >"$WORK/spec-20.yml"

# The environment the pinned CDK CLI gives an app: run the CLI once with a
# probe app that records it (and writes an empty cloud assembly).
cat >"$WORK/probe.js" <<'EOF'
const fs = require('fs');
const keep = ['CDK_CONTEXT_JSON', 'CDK_CLI_ASM_VERSION', 'CDK_CLI_VERSION', 'CDK_DEFAULT_REGION', 'CDK_PERF_COUNTERS_FILE'];
const env = Object.fromEntries(keep.filter((k) => k in process.env).map((k) => [k, process.env[k]]));
fs.writeFileSync(process.argv[2], JSON.stringify(env));
fs.mkdirSync(process.env.CDK_OUTDIR, { recursive: true });
fs.writeFileSync(process.env.CDK_OUTDIR + '/manifest.json', JSON.stringify({ version: '36.0.0', artifacts: {} }));
EOF
# The CLI then exits 1 ("This app contains no stacks"); the probe's file is
# what counts.
node_modules/.bin/cdk synth -q --app "node $WORK/probe.js $WORK/cli-env.json" -o "$WORK/probe.out" >/dev/null 2>&1 || true
if [ ! -s "$WORK/cli-env.json" ]; then
  echo "synth.sh: probing the CDK CLI's app environment failed" >&2
  exit 1
fi
# envfor SPEC OUTDIR: NAME=VALUE lines for env(1); SPEC empty = reference.
envfor() {
  node -e '
    const env = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ctx = JSON.parse(env.CDK_CONTEXT_JSON);
    if (process.argv[2]) ctx.spec = process.argv[2];
    env.CDK_OUTDIR = process.argv[3];
    // aws-cdk-lib writes its phase timings here (the CLI puts it in the
    // outdir), but only for a "slow" synth (10 s per stack by default):
    // threshold 0 writes them every time. It changes nothing else.
    env.CDK_PERF_COUNTERS_FILE = process.argv[3] + "/performance-counters.json";
    ctx["@aws-cdk/core.slowSynthThreshold"] = 0;
    env.CDK_CONTEXT_JSON = JSON.stringify(ctx);
    for (const [k, v] of Object.entries(env)) console.log(k + "=" + v);
  ' "$WORK/cli-env.json" "$1" "$2"
}
echo "app environment from the CLI: $(node -p "Object.keys(require('$WORK/cli-env.json')).join(' ')") CDK_OUTDIR"
mkdir -p "$WORK/perf"

# --- measure ---------------------------------------------------------------
calc() { awk "BEGIN { print $1 }"; }
RESULTS=$WORK/results.tsv # label  round  elapsed_s  maxrss_kb  cpu_s  rc
: >"$RESULTS"

# run LABEL ROUND OUTDIR CMD...: one timed run; fails the script on error.
run() {
  local label=$1 round=$2 out=$3
  shift 3
  rm -rf "$out"
  local rc=0
  "$TIME" -o "$WORK/time.txt" -f '%e %M %U %S' "$@" >"$WORK/run.out" 2>"$WORK/run.err" || rc=$?
  local e m u s
  read -r e m u s < <(tail -n 1 "$WORK/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$e" "$m" "$(calc "$u + $s")" "$rc" >>"$RESULTS"
  printf '  %-14s round %s: %6.2f s %8d KB  cpu %6.2f s  load %s\n' "$label" "$round" "$e" "$m" "$(calc "$u + $s")" "$(cut -d' ' -f1 /proc/loadavg)"
  [ -f "$out/performance-counters.json" ] && cp "$out/performance-counters.json" "$WORK/perf/$label.$round.json"
  if [ "$rc" != 0 ]; then
    echo "synth.sh: $label failed (exit $rc):" >&2
    cat "$WORK/run.err" >&2
    exit 1
  fi
}

# app LABEL ROUND VALIDATION(on|off) SPEC CMD...: an app run as under cdk synth.
app() {
  local label=$1 round=$2 validation=$3 specfile=$4
  shift 4
  local out=$WORK/out/$label
  local envs=()
  mapfile -t envs < <(envfor "$specfile" "$out")
  [ "$validation" = off ] && envs+=(CDK_VALIDATION=false)
  run "$label" "$round" "$out" env "${envs[@]}" "$@"
}

echo "== apps as under cdk synth, $REPEAT interleaved rounds (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
for round in $(seq 1 "$REPEAT"); do
  app go-ref-on "$round" on "" "$BIN"
  app js-ref-on "$round" on "" node test/bench/js/reference.js
  app go-ref-off "$round" off "" "$BIN"
  app js-ref-off "$round" off "" node test/bench/js/reference.js
  app go-20-on "$round" on "$WORK/spec-20.yml" "$BIN"
  app go-20-off "$round" off "$WORK/spec-20.yml" "$BIN"
done

# --no-notices: no fetch of the CLI's notices (no route out here; it is a
# network wait, not synth work). CDK_DISABLE_CLI_TELEMETRY likewise.
echo "== the CDK CLI (npx cdk synth -q --no-notices), once each"
cli() {
  local label=$1 validation=$2
  shift 2
  local out=$WORK/out/$label
  local envs=()
  [ "$validation" = off ] && envs+=(CDK_VALIDATION=false)
  run "$label" 1 "$out" env CDK_DISABLE_CLI_TELEMETRY=true "${envs[@]}" npx --no-install cdk synth -q --no-notices -o "$out" "$@"
}
cli cli-bin-on on --app "$BIN"
cli cli-bin-off off --app "$BIN"
cli cli-gorun-on on   # cdk.json: go run ./cmd/efsfargate-cdk
cli cli-gorun-off off

# --- checks ----------------------------------------------------------------
echo "== checks"
tmpl() { echo "$WORK/out/$1/web-app-reference.template.json"; }
types() { jq -r '[.Resources[].Type] | group_by(.) | map("\(.[0]) \(length)") | .[]' "$1"; }
echo "resource types and counts (go-ref-on | js-ref-on):"
paste <(types "$(tmpl go-ref-on)") <(types "$(tmpl js-ref-on)") | awk -F'\t' '{printf "  %-40s | %s\n", $1, $2}'
if ! diff <(types "$(tmpl go-ref-on)") <(types "$(tmpl js-ref-on)") >/dev/null; then
  echo "synth.sh: the Go and JavaScript reference stacks differ in resource types or counts" >&2
  exit 1
fi
echo "same resource types and counts: yes ($(jq '.Resources | length' "$(tmpl go-ref-on)") resources, CDKMetadata included)"
strip() { jq -S 'del(.Resources.CDKMetadata)' "$1"; }
if diff <(strip "$(tmpl go-ref-on)") <(strip "$(tmpl js-ref-on)") >"$WORK/template.diff"; then
  echo "whole templates without CDKMetadata: identical (logical IDs, properties, parameters, outputs)"
else
  echo "whole templates without CDKMetadata differ (types and counts match):"
  sed 's/^/  /' "$WORK/template.diff" | head -40
fi
for label in go-ref-on js-ref-on go-20-on cli-bin-on cli-gorun-on; do
  [ -f "$WORK/out/$label/validation-report.json" ] || { echo "synth.sh: $label wrote no validation-report.json" >&2; exit 1; }
done
for label in go-ref-off js-ref-off go-20-off cli-bin-off cli-gorun-off; do
  [ ! -f "$WORK/out/$label/validation-report.json" ] || { echo "synth.sh: $label wrote validation-report.json with CDK_VALIDATION=false" >&2; exit 1; }
done
echo "validation-report.json written by every validation-on run and by no CDK_VALIDATION=false run: yes"
for label in go-ref-on go-20-on js-ref-on; do
  n=$(jq '[.pluginReports[]?.violations[]?] | length' "$WORK/out/$label/validation-report.json")
  echo "validation findings in $label: $n"
done
echo "go-20 resources: $(jq '.Resources | length' "$WORK/out/go-20-on/bench-load.template.json")"

# --- summary ---------------------------------------------------------------
median() { # LABEL COLUMN
  awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$RESULTS" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo
echo "== summary: median of $REPEAT (CLI rows: 1 run); elapsed wall time, peak RSS of the largest process, user+sys CPU"
printf '| %-14s | %9s | %9s | %9s |\n' run "elapsed s" "peak MiB" "CPU s"
printf '|%s|%s|%s|%s|\n' ---------------- ----------: ----------: ----------:
for label in go-ref-on go-ref-off js-ref-on js-ref-off go-20-on go-20-off cli-bin-on cli-bin-off cli-gorun-on cli-gorun-off; do
  printf '| %-14s | %9.2f | %9.0f | %9.2f |\n' "$label" "$(median "$label" 3)" "$(calc "$(median "$label" 4) / 1024")" "$(median "$label" 5)"
done
echo
for v in on off; do
  g=$(median go-ref-$v 3)
  j=$(median js-ref-$v 3)
  r=$(calc "$g / $j")
  verdict=missed
  [ "$(calc "$r <= 1.3")" = 1 ] && verdict=met
  printf 'Go / JavaScript, reference, validation %-3s: %.2f s / %.2f s = %.2fx (target <= 1.3x: %s); by CPU time %.2fx\n' \
    "$v" "$g" "$j" "$r" "$verdict" "$(calc "$(median go-ref-$v 5) / $(median js-ref-$v 5)")"
done
printf 'CLI overhead (npx cdk synth --app binary minus the binary alone): validation on %+.2f s, off %+.2f s\n' \
  "$(calc "$(median cli-bin-on 3) - $(median go-ref-on 3)")" "$(calc "$(median cli-bin-off 3) - $(median go-ref-off 3)")"
printf 'go run instead of the prebuilt binary (under the CLI): validation on %+.2f s, off %+.2f s\n' \
  "$(calc "$(median cli-gorun-on 3) - $(median cli-bin-on 3)")" "$(calc "$(median cli-gorun-off 3) - $(median cli-bin-off 3)")"
echo
echo "== where the time goes: aws-cdk-lib's performance counters (ms, median of $REPEAT)"
echo "load = node start to new App (node, require aws-cdk-lib; Go: jsii kernel and assembly load);"
echo "validate = validateTemplates (plugin set-up + run), of which run = CloudFormationValidate.validate;"
echo "outside = wall time node's clock does not see (Go: its own start, unpacking and starting node, jsii.Close; exit)"
printf '| %-10s | %6s | %12s | %9s | %8s | %5s | %7s | %7s |\n' run load construction synthesis validate run outside wall
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' ------------ -------: -------------: ----------: ---------: ------: --------: --------:
counter() { # LABEL NAME: median over rounds
  local f
  for f in "$WORK/perf/$1".*.json; do
    [ -f "$f" ] && jq -r --arg k "$2" '.counters[$k] // 0' "$f"
  done |
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for label in go-ref-on js-ref-on go-ref-off js-ref-off go-20-on go-20-off; do
  l=$(counter "$label" phase:Load)
  c=$(counter "$label" phase:Construction)
  y=$(counter "$label" phase:Synthesis)
  w=$(calc "$(median "$label" 3) * 1000")
  printf '| %-10s | %6.0f | %12.0f | %9.0f | %8.0f | %5.0f | %7.0f | %7.0f |\n' "$label" "$l" "$c" "$y" \
    "$(counter "$label" validateTemplates)" "$(counter "$label" CloudFormationValidate.validate)" "$(calc "$w - $l - $c - $y")" "$w"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); total $((SECONDS - START)) s"
