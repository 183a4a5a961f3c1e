"""Slices of one tensor along one axis, grouped to be computed by one split.

Recurrent cells slice their gate pre-activations (`z[:, :units]`,
`z[:, units:2 * units]`, ...). Computed one by one, each slice's gradient
is a zero-filled tensor of the whole, and the gradients are summed; a split
gives the same pieces and joins their gradients with one concatenation.
Backends whose gradients show the difference (tensorflow, torch: several
ops per step of a loop) compute a group with one split: torch's generated
programs (torch/program.py) and, for a backend with a `split(x, sizes,
axis)` primitive, the lowering of loop bodies (control_flow.py: Body).
"""
import collections

from keras.backend.ops import indexing
from keras.backend.ops.shape_utils import decode_index
from keras.backend.symbolic.tensor import KerasTensor

# x: the tensor sliced; sizes: the pieces along `axis`, covering it whole
# (ranges no slice takes are pieces too, unused); members: (node, piece).
SplitGroup = collections.namedtuple('SplitGroup',
                                    ['x', 'axis', 'sizes', 'members'])


def basic_key(node):
    """The decoded key of an `x[key]` node whose key holds only ints, None,
    Ellipsis and slices with int bounds and a positive step (every
    framework's basic indexing: a view, as numpy's), as a tuple; else
    None."""
    # jax records the eager function wrapped (symbolic/op.py).
    fn = getattr(node.fn, '__wrapped__', node.fn)
    if fn is not indexing._getitem.eager or len(node.args) != 2 or \
            node.kwargs or not isinstance(node.args[0], KerasTensor):
        return None
    key = decode_index(node.args[1])
    if not isinstance(key, tuple):
        key = (key,)
    for entry in key:
        if isinstance(entry, slice):
            bounds = (entry.start, entry.stop, entry.step)
            if not all(b is None or type(b) is int for b in bounds) or (
                    entry.step is not None and entry.step <= 0):
                return None
        elif not (entry is None or entry is Ellipsis or type(entry) is int):
            return None
    return key


def slice_range(node):
    """(x, axis, start, stop) when `node` is `x[:, ..., start:stop]`: a
    basic index slicing one axis of known size to a non-empty range with
    step 1, every other axis taken whole; else None."""
    key = basic_key(node)
    if key is None:
        return None
    x = node.args[0]
    whole = slice(None)
    cut = [axis for axis, entry in enumerate(key) if entry != whole]
    if len(cut) != 1 or len(key) > len(x.shape) or \
            not isinstance(key[cut[0]], slice) or \
            key[cut[0]].step not in (None, 1):
        return None
    axis = cut[0]
    if x.shape[axis] is None:
        return None
    start, stop, _ = key[axis].indices(x.shape[axis])
    return (x, axis, start, stop) if start < stop else None


def find_split_groups(nodes, part=None):
    """The slice nodes among `nodes` that split one tensor along one axis
    into disjoint ranges, two nodes or more a group (a range read twice is
    one piece). `part(node)`, if given, keeps apart nodes it tells apart
    (torch: those recorded for autograd from the others). Returns {node:
    (group, piece index)}."""
    candidates = collections.OrderedDict()
    for node in nodes:
        found = slice_range(node) if node.kind == 'op' else None
        if found is not None:
            x, axis, start, stop = found
            key = (x, axis, part(node) if part else None)
            candidates.setdefault(key, []).append((start, stop, node))
    groups = {}
    for (x, axis, _), members in candidates.items():
        ranges = sorted(set((start, stop) for start, stop, _ in members))
        if len(members) < 2 or any(a[1] > b[0] for a, b in
                                   zip(ranges, ranges[1:])):
            continue
        sizes, pieces, position = [], {}, 0
        for start, stop in ranges:
            if start > position:
                sizes.append(start - position)
            pieces[(start, stop)] = len(sizes)
            sizes.append(stop - start)
            position = stop
        if position < x.shape[axis]:
            sizes.append(x.shape[axis] - position)
        group = SplitGroup(x, axis, sizes, [
            (node, pieces[(start, stop)]) for start, stop, node in members])
        for node, piece in group.members:
            groups[node] = (group, piece)
    return groups
