"""The symbolic layer shared by every backend: tensors recorded as
graphs of ops, lowered to the backend when a function is built."""
