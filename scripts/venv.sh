#!/usr/bin/env bash
# Create .venv with Python 3.12+ (Django 6 needs it) and install gongkai with the given extra.
# Usage: scripts/venv.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

find_python() {
  local candidates=(python3.13 python3.12 python3)
  local root
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  for dir in "$root"/versions/3.1[2-9]*/bin; do
    [ -x "$dir/python3" ] && candidates+=("$dir/python3")
  done
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys, venv, sqlite3; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  py="$(find_python)" || {
    echo "错误：需要 Python 3.12 或更高版本（Django 6 的要求），本机未找到。" >&2
    echo "Error: Python 3.12+ is required (Django 6) and none was found." >&2
    exit 1
  }
  echo "使用 $py 创建虚拟环境 .venv …"
  rm -rf .venv
  "$py" -m venv .venv
fi

# Install exactly the locked versions (requirements/*.txt, exported from uv.lock with hashes),
# then gongkai itself without resolving anything again. Reinstall only when the lock changed,
# so repeated runs start fast.
lock="requirements/${extra:-runtime}.txt"
stamp=".venv/.installed-${extra:-base}-$(cat "$lock" pyproject.toml | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  # -qq: only errors; the machine's pip configuration may warn about local mirrors it lacks.
  pip=(.venv/bin/python -m pip install -qq --disable-pip-version-check)
  "${pip[@]}" --require-hashes --no-deps -r "$lock"
  "${pip[@]}" --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
