#!/usr/bin/env bash
# Collect every wheel gongkai needs at run time into one folder, for servers with no network
# (government intranets). Run it on a machine with the same CPU architecture and Python version
# as the server. Usage: scripts/wheelhouse.sh [OUT]   (default: wheelhouse/)
#
# On the server:
#   python3.12 -m venv /opt/gongkai/venv
#   /opt/gongkai/venv/bin/pip install --no-index --find-links wheelhouse \
#       --require-hashes --no-deps -r wheelhouse/requirements.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-wheelhouse}")"
scripts/venv.sh
py=.venv/bin/python
pip=("$py" -m pip --disable-pip-version-check)
rm -rf "$out"
mkdir -p "$out"
dl="$(mktemp -d)"
trap 'rm -rf "$dl"' EXIT

echo "下载锁文件中的全部依赖（校验哈希）…"
"${pip[@]}" download -qq --require-hashes --no-deps -r requirements/runtime.txt -d "$dl"
# A few packages (jieba) publish only a source archive: build each into a wheel here, so the
# server installs without a compiler or build tools.
for f in "$dl"/*; do
  case "$f" in
    *.whl) cp "$f" "$out/" ;;
    *) "${pip[@]}" wheel -qq --no-deps -w "$out" "$f" ;;
  esac
done
echo "构建 gongkai 的 wheel …"
"${pip[@]}" wheel -qq --no-deps -w "$out" .

# The folder's own requirements: every wheel in it, pinned by the hash of the file itself
# (the downloads were checked against uv.lock's hashes above).
"$py" - "$out" <<'PY'
import hashlib, pathlib, sys
out = pathlib.Path(sys.argv[1])
lines = []
for wheel in sorted(out.glob("*.whl")):
    name, version = wheel.name.split("-")[:2]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lines.append(f"{name}=={version} --hash=sha256:{digest}")
(out / "requirements.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"共 {len(lines)} 个 wheel，已写入 {out}/（安装清单 requirements.txt）。")
PY
