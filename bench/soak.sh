#!/usr/bin/env bash
# The bounded soak (bench/README.md): 5 minutes at 64 connections on loopback by default.
# Options go to bench/soak.py, e.g. bench/soak.sh --seconds 60 --skip-prepare
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" bench/soak.py "$@"
