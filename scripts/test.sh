#!/usr/bin/env bash
# The whole suite, as `make test` runs it (make has already built both environments and the knowledge base).
# Every step runs even if an earlier one failed; the script exits non-zero if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
export PIVOT_CACHE=${PIVOT_CACHE:-$HOME/.cache/pivot}
# Real services on this machine, used by the PostgreSQL/Redis tests (they skip with a reason when unreachable).
export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
failed=()
step() { local name=$1; shift; echo; echo "=== $name"; if "$@"; then echo "=== $name: ok"; else echo "=== $name: FAILED"; failed+=("$name"); fi; }

# Browser tests need Debian's chromium; install it when we can (root + apt), else those tests skip with a reason.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium for the browser tests ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium"
fi

step "rasa data validate" .venv-rasa/bin/rasa data validate --config config.yml --domain domain.yml --data data
step "nlu component tests (.venv-rasa)" .venv-rasa/bin/python -m pytest -q tests/nlu -p no:cacheprovider
# A small-epoch model for the story and end-to-end tests, cached by the hash of its inputs.
model=$(bash scripts/train_if_changed.sh config.test.yml "$PIVOT_CACHE/models" config.yml domain.yml \
  $(find data nlu -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) -not -path '*/__pycache__/*' | sort) var/nlu/gazetteer.json | tail -n 1)
export PIVOT_TEST_MODEL=$model
step "story tests (rasa test core)" .venv-rasa/bin/rasa test core --model "$model" --stories tests/stories \
  --fail-on-prediction-errors --out var/test-results/stories
step "app tests (.venv-app)" .venv-app/bin/python -m pytest -q --ignore=tests/nlu

echo
if [ ${#failed[@]} -gt 0 ]; then echo "FAILED steps: ${failed[*]}"; exit 1; fi
echo "all test steps passed"
