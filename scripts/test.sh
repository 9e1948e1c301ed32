#!/usr/bin/env bash
# Install what the tests need, run the whole suite and print its coverage of src/gongkai.
# DATABASE_URL selects the database (SQLite when unset). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh test

# Browser tests drive Debian's Chromium; Chinese pages need CJK fonts to render.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# grep -q would close the pipe early and, with pipefail, fail the check; read it all.
fc-list 2>/dev/null | grep -i "cjk" >/dev/null || need+=(fonts-noto-cjk)
# Reply letters and reports embed a TrueType CJK font in their PDFs.
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
# The parser converts .doc/.wps/.xls/.et reports through LibreOffice headless.
# Debian packages Writer and Calc apart; soffice with one of them converts only its own files.
for part in writer:libswlo calc:libsclo; do
  [ -f "/usr/lib/libreoffice/program/${part#*:}.so" ] || need+=("libreoffice-${part%%:*}-nogui")
done
# The background-task tests run on Redis too (tests/conftest.py, database 15 of this server).
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装测试所需的软件包：${need[*]} …"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "提示：未安装 ${need[*]}，相应的测试将跳过（以 root 运行本脚本可自动安装）。" >&2
  fi
fi

# Started here when installed and not answering: Debian's package starts it only under systemd.
if command -v redis-server >/dev/null && ! redis-cli -u "${GONGKAI_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}" ping >/dev/null 2>&1; then
  redis-server --daemonize yes --save "" --appendonly no >/dev/null || echo "提示：无法启动 redis-server，Redis 上的任务测试将跳过。" >&2
  for _ in $(seq 1 20); do
    redis-cli ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi

export GONGKAI_ENV=test
mkdir -p test-artifacts
# Coverage of src/gongkai is measured on every run; its total is the last line printed.
status=0
.venv/bin/python -m pytest --cov --cov-report= "$@" || status=$?
if [ -f test-artifacts/.coverage ]; then
  echo "测试覆盖率 / coverage of src/gongkai: $(.venv/bin/python -m coverage report --format=total)%"
fi
exit $status
