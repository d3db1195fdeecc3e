#!/usr/bin/env bash
# make bench: runs bench/ (see bench/__main__.py) against the real processes; writes bench/results/latest.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
exec .venv-app/bin/python -m bench "$@"
