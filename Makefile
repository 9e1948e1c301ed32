# The two commands of the README. Everything they need is installed by the scripts they call.
.PHONY: demo test lint

demo:
	scripts/demo.sh

test:
	scripts/test.sh

lint:
	scripts/venv.sh test && .venv/bin/ruff check . && .venv/bin/ruff format --check .
