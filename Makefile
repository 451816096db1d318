# One command each: `make samples` renders every sample into out/, `make test` runs every check.
.PHONY: setup samples test regen

setup:
	bash scripts/setup.sh

samples: setup
	bash scripts/render_samples.sh out

test: setup
	.venv/bin/ruff check docgen tests scripts benchmarks
	.venv/bin/mypy
	.venv/bin/pytest

# Regenerate the JSON Schemas and the golden text files; review the diff before committing.
regen: setup
	.venv/bin/python -m docgen.samples
	.venv/bin/pytest tests/test_golden.py --update-golden
