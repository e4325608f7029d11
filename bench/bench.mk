# The benchmark (bench/README.md): included from the root Makefile.
.PHONY: bench bench-quick bench-lint bench-system-tools

# wrk (Debian) and mysqlclient, the production image's MySQL driver ($(MYSQLCLIENT) comes from
# deploy/deploy.mk, which also installs the headers it builds against).
BENCH_TOOLS := deploy-system-tools $(MYSQLCLIENT)
bench-system-tools:
	@command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }

bench: $(INSTALLED) bench-system-tools $(BENCH_TOOLS) ## the full benchmark (long); tables in bench/results/
	$(BIN)/python -m bench --mode full $(BENCH_ARGS)

bench-quick: $(INSTALLED) bench-system-tools $(BENCH_TOOLS) ## a shorter benchmark run
	$(BIN)/python -m bench --mode quick $(BENCH_ARGS)

bench-lint: $(INSTALLED) ## ruff and mypy on bench/
	$(BIN)/ruff check --config bench/pyproject.toml bench
	$(BIN)/ruff format --check --config bench/pyproject.toml bench
	$(BIN)/mypy --config-file bench/pyproject.toml -p bench
