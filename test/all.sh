#!/usr/bin/env bash
# Runs every test of efsfargate: vet, golangci-lint, unit, golden,
# construct, cdk-nag, cfn-lint, equivalence and doctor tests (go test ./...),
# a bounded fuzz run, `cdk synth` of the reference and every example spec
# into cdk.out, and the deploy test against a local AWS (moto).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_VERSION_CHECK=1

# The pinned CDK CLI, when this checkout has not installed it yet.
if [ ! -x node_modules/.bin/cdk ]; then
  echo "=== npm ci (the CDK CLI pinned in package-lock.json)"
  npm ci --no-audit --no-fund || { echo "all: 0 passed, 1 failed"; exit 1; }
fi

# golangci-lint, pinned; installed into a cache folder when missing
# (.ci/run installs it before running this script).
GOLANGCI_LINT_VERSION=v2.15.0
TOOLS="${EFSFARGATE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/efsfargate/tools}"

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

lint() {
  local bin="$TOOLS/golangci-lint"
  if ! "$bin" version 2>/dev/null | grep -q "version ${GOLANGCI_LINT_VERSION#v} "; then
    echo "installing golangci-lint $GOLANGCI_LINT_VERSION into $TOOLS"
    GOBIN="$TOOLS" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION" || return 1
  fi
  "$bin" run ./...
}

# Both fuzzers, bounded; crashers they find are kept under testdata/fuzz
# and run by go test from then on.
fuzz() {
  go test ./internal/spec -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-30s}" &&
    go test ./internal/doctor -run '^$' -fuzz '^FuzzDoctor$' -fuzztime "${FUZZTIME:-30s}"
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
step "go vet" go vet -tags external ./...
step "golangci-lint" lint
step "go test" go test -count=1 -tags external ./...
step "fuzz (bounded)" fuzz
step "cdk synth" synth_all
step "deploy to local AWS (moto)" bash test/deploy/run.sh

echo
if [ "$failed" -gt 0 ]; then
  echo "failed steps: ${failures[*]}"
fi
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
