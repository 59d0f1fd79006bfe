#!/usr/bin/env bash
# Runs the CVR import benchmark alternately for a base commit and the working tree, on the same file, so that two builds
# can be compared on a machine whose speed drifts from minute to minute (docs/benchmarks.md). The base is built in a
# temporary worktree, removed at the end.
#
#   bench/compare-import.sh BASE-COMMIT [BALLOTS (default 10000000)] [PAIRS (default 3)] [DIRECTORY (default /tmp/canvass-bench)]
set -euo pipefail
base=${1:?usage: bench/compare-import.sh BASE-COMMIT [BALLOTS] [PAIRS] [DIRECTORY]}
ballots=${2:-10000000}
pairs=${3:-3}
directory=${4:-/tmp/canvass-bench}
root=$(git rev-parse --show-toplevel)
worktree=$(mktemp -d /tmp/canvass-base.XXXXXX)
git -C "$root" worktree add --quiet --detach "$worktree" "$base"
trap 'git -C "$root" worktree remove --force "$worktree"' EXIT

for tree in "$worktree" "$root"; do
  dotnet build -c Release "$tree/bench/Canvass.Benchmarks" -v quiet -nologo > /dev/null
done

run() {
  dotnet "$1/artifacts/bin/Canvass.Benchmarks/release/Canvass.Benchmarks.dll" import "$ballots" "$directory" \
    | grep -E '^(raw Sep parse|import:|ratio|working set|import allocated)'
}

for pair in $(seq "$pairs"); do
  echo "== pair $pair: base $(git -C "$worktree" rev-parse --short HEAD)"
  run "$worktree"
  echo "== pair $pair: working tree $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' + changes')"
  run "$root"
done
