# One command each: `make samples` renders every sample into out/, `make test` runs every check.
.PHONY: setup samples test regen

setup:
	bash scripts/setup.sh

samples: setup
	bash scripts/render_samples.sh out

# The register's tests need a PostgreSQL server: tests/conftest.py runs scripts/test_postgres.sh, which starts
# a local one as root, unless DOCGEN_TEST_POSTGRES_URL names one. Under CI=true they fail rather than skip.
test: setup
	.venv/bin/ruff check docgen tests scripts benchmarks
	.venv/bin/mypy
	.venv/bin/pytest
	.venv/bin/python scripts/break_guards.py

# Regenerate the JSON Schemas and the golden text files; review the diff before committing.
regen: setup
	.venv/bin/python -m docgen.samples
	.venv/bin/pytest tests/test_golden.py --update-golden
