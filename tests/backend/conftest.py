"""Fixtures shared by the backend-specific tests (`test_<name>_specific.py`,
each marked to run on its own backend only)."""
import pytest


@pytest.fixture
def backend():
    """The backend object under test: that of the session."""
    from keras.backend import load
    return load.backend_object()


@pytest.fixture
def numpy_backend():
    """The numpy backend object, the reference of the comparisons."""
    from keras.backend.numpy import BACKEND
    return BACKEND
