#!/usr/bin/env bash
# The lock: uv.lock resolves pyproject.toml's dependencies once, with hashes, and
# requirements/*.txt are its exports that pip installs from (scripts/venv.sh, the wheelhouse,
# production). Installing needs only pip; uv is needed only to refresh or check the lock.
#
#   scripts/lock.sh            refresh after editing pyproject.toml's dependencies (keeps every
#                              pin that still satisfies it; `--upgrade` moves them all forward)
#   scripts/lock.sh --check    fail when the lock or its exports no longer match pyproject.toml
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
tools=.tools
if [ ! -x "$tools/bin/uv" ] || [ "$("$tools/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -qq --disable-pip-version-check "uv==$UV_VERSION"
fi
uv="$tools/bin/uv"
# The project supports Python 3.12+ on Linux servers (x86-64 and ARM: Kylin, UOS).
export UV_PYTHON_DOWNLOADS=never

export_to() {  # $1: output file, rest: uv export options
  local out="$1"
  shift
  "$uv" export --frozen --quiet --format requirements-txt --no-emit-project --no-dev \
    --no-header "$@" -o "$out"
}

case "${1:-}" in
  --check)
    if ! "$uv" lock --check --quiet; then
      echo "错误：uv.lock 与 pyproject.toml 的依赖不一致，请运行 scripts/lock.sh 更新锁文件并提交。" >&2
      exit 1
    fi
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    export_to "$tmp/runtime.txt"
    export_to "$tmp/test.txt" --extra test
    for f in runtime test; do
      if ! cmp -s "$tmp/$f.txt" "requirements/$f.txt"; then
        echo "错误：requirements/$f.txt 不是 uv.lock 的导出，请运行 scripts/lock.sh 并提交。" >&2
        diff -u "requirements/$f.txt" "$tmp/$f.txt" | head -20 >&2 || true
        exit 1
      fi
    done
    echo "锁文件与 pyproject.toml 一致。"
    ;;
  "" | --upgrade)
    "$uv" lock ${1:+--upgrade}
    mkdir -p requirements
    export_to requirements/runtime.txt
    export_to requirements/test.txt --extra test
    echo "已更新 uv.lock、requirements/runtime.txt、requirements/test.txt。"
    ;;
  *)
    echo "用法：scripts/lock.sh [--check|--upgrade]" >&2
    exit 2
    ;;
esac
