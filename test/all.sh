#!/usr/bin/env bash
# Runs every test of efsfargate: vet, unit, golden, construct, cdk-nag,
# cfn-lint, equivalence and doctor tests (go test ./...), a bounded fuzz run,
# `cdk synth` of the reference and every example spec into cdk.out, and the
# deploy test against a local AWS (moto).
set -uo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_VERSION_CHECK=1

# The pinned CDK CLI, when this checkout has not installed it yet.
if [ ! -x node_modules/.bin/cdk ]; then
  echo "=== npm ci (the CDK CLI pinned in package-lock.json)"
  npm ci --no-audit --no-fund || { echo "all: 0 passed, 1 failed"; exit 1; }
fi

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "=== $name: FAILED ($((SECONDS - start)) s)"
  fi
}

gofmt_clean() {
  local out
  out=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
  [ -z "$out" ] || { echo "gofmt would change: $out"; return 1; }
}

fuzz() {
  go test ./internal/spec -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-30s}"
}

synth_all() {
  rm -rf cdk.out
  mkdir -p cdk.out
  local specs=("") f
  for f in examples/*.yml; do specs+=("$f"); done
  for f in "${specs[@]}"; do
    local name=reference
    local args=()
    if [ -n "$f" ]; then
      name=$(basename "$f" .yml)
      args=(-c "spec=$f")
    fi
    echo "cdk synth ${f:-(reference)} -> cdk.out/$name"
    npx --no-install cdk synth --quiet "${args[@]}" -o "cdk.out/$name" || return 1
  done
  echo "artifacts: $(pwd)/cdk.out"
}

step "gofmt" gofmt_clean
step "go vet" go vet ./...
step "go test" go test -count=1 ./...
step "fuzz (bounded)" fuzz
step "cdk synth" synth_all
step "deploy to local AWS (moto)" bash test/deploy/run.sh

echo
if [ "$failed" -gt 0 ]; then
  echo "failed steps: ${failures[*]}"
fi
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
