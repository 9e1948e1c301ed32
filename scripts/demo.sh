#!/usr/bin/env bash
# Start gongkai with demo data on an embedded SQLite database under var/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh
export GONGKAI_ENV="${GONGKAI_ENV:-demo}"
exec .venv/bin/gongkai demo "$@"
