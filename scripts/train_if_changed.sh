#!/usr/bin/env bash
# train_if_changed.sh CONFIG OUT_DIR INPUT...
# Trains a Rasa model only when CONFIG or one of the INPUT files changed: the model file is named after a
# SHA-256 of all of them, so an existing file means "already trained". Prints the model path on the last line
# and writes it to OUT_DIR/current-<config name> for the process that serves it.
set -euo pipefail
config=$1; out=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$config" .yml | tr . -)
hash=$(for f in "$config" "$@" requirements/rasa.lock; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
model="$out/pivot-$name-$hash.tar.gz"
mkdir -p "$out"
if [ -f "$model" ]; then
  echo "model up to date: $model" >&2
else
  echo "training $model (inputs changed) ..." >&2
  start=$(date +%s)
  RASA_TELEMETRY_ENABLED=false PYTHONPATH="$root" "$root/.venv-rasa/bin/rasa" train --config "$config" --domain domain.yml \
    --data data --out "$out" --fixed-model-name "pivot-$name-$hash" --quiet >&2
  echo "trained in $(( $(date +%s) - start )) s" >&2
  # keep the cache small: drop older models of the same config
  find "$out" -maxdepth 1 -name "pivot-$name-*.tar.gz" ! -name "$(basename "$model")" -delete
fi
echo "$model" > "$out/current-$name"
echo "$model"
