"""The benchmark: the production server on seeded databases, loaded by wrk.

Run it with `make bench-quick` or `make bench` (see bench/README.md).
"""
