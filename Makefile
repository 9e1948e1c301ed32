# The two commands of the README. Everything they need is installed by the scripts they call.
# `make demo PORT=8123 HOST=0.0.0.0` chooses where the demo listens.
.PHONY: demo test lint lock wheelhouse

demo:
	scripts/demo.sh $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

test:
	scripts/test.sh

lint:
	scripts/venv.sh test && .venv/bin/ruff check . && .venv/bin/ruff format --check .

# Refresh uv.lock and its exports after editing pyproject.toml's dependencies.
lock:
	scripts/lock.sh

# Every run-time wheel in wheelhouse/, for installing on a server with no network.
wheelhouse:
	scripts/wheelhouse.sh $(if $(OUT),$(OUT))
