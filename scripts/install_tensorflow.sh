#!/usr/bin/env bash
# TensorFlow 2.21 declares `keras>=3.12` as a requirement. That Keras 3 would
# replace this package (both are the module `keras`), so TF's own requirements
# are installed first and TF itself with --no-deps.
set -euo pipefail
PY=${PYTHON:-python3}
TF_VERSION=${TF_VERSION:-2.21.0}
"$PY" -m pip install -q \
  'absl-py>=1.0.0' 'astunparse>=1.6.0' 'flatbuffers>=25.9.23' \
  'gast!=0.5.0,!=0.5.1,!=0.5.2,>=0.2.1' 'google_pasta>=0.1.1' \
  'libclang>=13.0.0' 'opt_einsum>=2.3.2' packaging \
  'protobuf<8.0.0,>=6.31.1' 'requests<3,>=2.21.0' setuptools 'six>=1.12.0' \
  'termcolor>=1.1.0' 'typing_extensions>=3.6.6' 'wrapt>=1.11.0' \
  'grpcio<2.0,>=1.24.3' 'numpy>=1.26.0' 'h5py<3.15.0,>=3.11.0' \
  'ml_dtypes<1.0.0,>=0.5.1'
"$PY" -m pip install -q --no-deps "tensorflow-cpu==${TF_VERSION}"
# A Keras 3 left behind by an earlier plain `pip install tensorflow` would
# shadow nothing once this package is installed, but it confuses pip; drop it.
"$PY" -m pip uninstall -q -y keras-nightly tf-keras >/dev/null 2>&1 || true
