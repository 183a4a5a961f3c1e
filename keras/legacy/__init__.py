"""Keras 1 compatibility: argument conversions (`interfaces`)."""
