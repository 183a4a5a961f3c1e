#!/usr/bin/env bash
# Installs the package with every backend and the test tools.
set -euo pipefail
PY=${PYTHON:-python3}
# PyTensor's C linker (full-speed mode) links against OpenBLAS; the tests
# themselves run PyTensor without the C compiler, so this is best effort.
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && \
    ! ldconfig -p 2>/dev/null | grep -q libopenblas; then
  (apt-get update -qq && apt-get install -y -qq libopenblas-dev) \
    >/dev/null 2>&1 || echo "note: libopenblas-dev not installed" >&2
fi
# Graphviz's `dot` renders plot_model's drawings (pydot calls it); the
# tests draw real PNGs.
if ! command -v dot >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq graphviz) >/dev/null 2>&1
  fi
  command -v dot >/dev/null 2>&1 || {
    echo "Graphviz is missing: install it (apt-get install graphviz)" >&2
    exit 1
  }
fi
# The CPU build of torch (a plain `pip install torch` pulls CUDA packages).
"$PY" -m pip install -q 'torch==2.13.0' || "$PY" -m pip install -q torch \
  --index-url https://download.pytorch.org/whl/cpu
"$PY" -m pip install -q -e ".[test,theano]"
bash scripts/install_tensorflow.sh
