# The benchmark of issue 6 (bench/README.md): included from the root Makefile.
.PHONY: bench bench-quick bench-lint

bench: $(INSTALLED)
	$(BIN)/python -m bench --mode full $(BENCH_ARGS)

bench-quick: $(INSTALLED)
	$(BIN)/python -m bench --mode quick $(BENCH_ARGS)

bench-lint: $(INSTALLED)
	$(BIN)/ruff check --config bench/pyproject.toml bench
	$(BIN)/ruff format --check --config bench/pyproject.toml bench
	$(BIN)/mypy --config-file bench/pyproject.toml -p bench
