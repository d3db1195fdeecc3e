#!/usr/bin/env bash
# Starts Pivot under honcho: Rasa (loopback), the action server (loopback) and the gateway, plus a watcher that
# prints the URL once /healthz says every part is ready. Ctrl-C stops them all; honcho names a process that dies.
#   scripts/run.sh            embedded default: SQLite files under var/, one Rasa instance, in-memory lock store
#   scripts/run.sh --scaled   scale path on one machine: PostgreSQL + Redis lock store, RASA_INSTANCES Rasa servers
#                             and ACTION_SERVERS action servers (see docs/ARCHITECTURE.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/log
umask 077  # var/rasa_token, the SQLite files and logs hold secrets and conversations: owner-only
[ -f .env ] && { set -a; . ./.env; set +a; }

export PORT=${PORT:-8080}
export PIVOT_PORT=$PORT RASA_PORT=${RASA_PORT:-5005} ACTIONS_PORT=${ACTIONS_PORT:-5055}
export PYTHONPATH=$PWD RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
# One TensorFlow thread per pool in each Rasa process: inference runs batch-1 graphs that gain nothing from more
# (measured in docs/PERFORMANCE.md), and the scaled layout puts several Rasa processes on the same two cores.
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
. scripts/rasa_token.sh  # RASA_TOKEN and RASA_TOKEN_FILE (0600), shared by the gateway and Rasa
export RASA_MODEL=${RASA_MODEL:-$(cat models/current-config)}

if [ "${1:-}" = "--scaled" ]; then
  exec .venv-app/bin/python scripts/scaled.py run
fi

export KB_DATABASE_URL=${KB_DATABASE_URL:-sqlite:///var/knowledge.db}
export APP_DATABASE_URL=${APP_DATABASE_URL:-sqlite:///var/app.db}
export TRACKER_SQLITE_PATH=${TRACKER_SQLITE_PATH:-var/rasa_tracker.db}
export TRACKER_DATABASE_URL=${TRACKER_DATABASE_URL:-sqlite:///$TRACKER_SQLITE_PATH}
export RASA_URLS=${RASA_URLS:-http://127.0.0.1:$RASA_PORT}
export ACTIONS_URL=${ACTIONS_URL:-http://127.0.0.1:$ACTIONS_PORT}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-$ACTIONS_URL/webhook}
echo "Pivot: starting rasa (model $RASA_MODEL), actions and gateway ..."
exec .venv-app/bin/honcho -f Procfile start
