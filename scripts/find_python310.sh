#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains how to get one.
# Order: $PYTHON310, python3.10 on PATH, pyenv's versions, uv's managed Pythons.
set -euo pipefail
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }
for cand in "${PYTHON310:-}" "$(command -v python3.10 2>/dev/null || true)"; do
  if [ -n "$cand" ] && is310 "$cand"; then echo "$cand"; exit 0; fi
done
for cand in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  if [ -x "$cand" ] && is310 "$cand"; then echo "$cand"; exit 0; fi
done
if command -v uv >/dev/null 2>&1; then
  cand=$(uv python find 3.10 2>/dev/null || true)
  if [ -n "$cand" ] && is310 "$cand"; then echo "$cand"; exit 0; fi
fi
cat >&2 <<'MSG'
error: Python 3.10 not found. Rasa Open Source 3.6 runs on Python <= 3.10.
Fix one of:
  pyenv install 3.10 && pyenv local 3.10      (pyenv)
  uv python install 3.10                      (uv)
  apt-get install python3.10 python3.10-venv  (Debian/Ubuntu with 3.10 packages)
or point PYTHON310=/path/to/python3.10 at an existing interpreter.
MSG
exit 1
