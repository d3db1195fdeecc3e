# Sourced by scripts/run.sh (cwd: the repository). The secret the gateway and Rasa share — Rasa's HTTP API token
# and the REST channel's token (pivot_rasa/channel.py) — in a file only its owner can read (0600; Rasa refuses
# to start otherwise), named by RASA_TOKEN_FILE (default var/rasa_token):
#   RASA_TOKEN set    → written to the file
#   RASA_TOKEN empty  → read from the file, created with a random token when missing
# Exports RASA_TOKEN (for the gateway) and RASA_TOKEN_FILE (for Rasa: credentials.yml, pivot_rasa/serve.py).
RASA_TOKEN_FILE=${RASA_TOKEN_FILE:-var/rasa_token}
mkdir -p "$(dirname "$RASA_TOKEN_FILE")"
(
  umask 077
  if [ -n "${RASA_TOKEN:-}" ]; then
    printf '%s\n' "$RASA_TOKEN" > "$RASA_TOKEN_FILE"
  elif [ ! -s "$RASA_TOKEN_FILE" ]; then
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$RASA_TOKEN_FILE"
  fi
)
chmod 600 "$RASA_TOKEN_FILE"  # one written by an earlier version may be 0644
RASA_TOKEN_FILE=$(cd "$(dirname "$RASA_TOKEN_FILE")" && pwd)/$(basename "$RASA_TOKEN_FILE")
RASA_TOKEN=$(tr -d '\n' < "$RASA_TOKEN_FILE")
export RASA_TOKEN RASA_TOKEN_FILE
