"""Walking nested lists/tuples/dicts of tensors."""


def map_structure(fn, obj):
    """Applies `fn` to every leaf of nested lists, tuples and dicts."""
    if isinstance(obj, list):
        return [map_structure(fn, o) for o in obj]
    if isinstance(obj, tuple):
        if hasattr(obj, '_fields'):
            return type(obj)(*[map_structure(fn, o) for o in obj])
        return tuple(map_structure(fn, o) for o in obj)
    if isinstance(obj, dict):
        return {k: map_structure(fn, v) for k, v in obj.items()}
    return fn(obj)


def flatten(obj):
    """The leaves of nested lists, tuples and dicts, in order."""
    leaves = []
    map_structure(leaves.append, obj)
    return leaves
