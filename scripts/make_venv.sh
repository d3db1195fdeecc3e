#!/usr/bin/env bash
# make_venv.sh VENV_DIR LOCK_FILE — create (or refresh) a Python 3.10 virtual environment from a lock file.
# Uses uv when it is installed (faster), else venv + pip. Writes VENV_DIR/.stamp when done so make can skip it.
set -euo pipefail
venv=$1; lock=$2
py=$(bash "$(dirname "$0")/find_python310.sh")
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)'; then
  echo "$venv is not Python 3.10: recreating"; rm -rf "$venv"
fi
if command -v uv >/dev/null 2>&1; then
  [ -x "$venv/bin/python" ] || uv venv --seed --python "$py" "$venv"
  uv pip install --python "$venv/bin/python" -r "$lock"
else
  [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24" wheel
  "$venv/bin/python" -m pip install --disable-pip-version-check -r "$lock"
fi
touch "$venv/.stamp"
