"""Connectionist temporal classification in plain numpy: the oracle of the
ctc primitives (see keras/backend/ops/ctc.py), and TensorFlow's two
decoders, which the torch, jax and theano backends run on the host too.

Conventions of every function here: `log_probs` is (batch, time, classes),
the last class is the blank; `labels` is (batch, max_label_len) with the
entries past `label_length` ignored; lengths are vectors of ints.
"""
import heapq
import itertools

import numpy as np


def check_lengths(label_length, input_length, max_time):
    """Raises the ValueError TensorFlow's ctc_loss raises (as an
    InvalidArgumentError) for lengths no alignment can satisfy.

    A label of L entries needs L time steps at least: TensorFlow refuses
    the batch then. (Repeated labels need a blank in between, one more
    step each; TensorFlow gives an infinite loss for those, as all
    backends do.)
    """
    check_input_length(input_length, max_time)
    label_length = np.asarray(label_length).reshape(-1)
    input_length = np.asarray(input_length).reshape(-1)
    if np.any(label_length < 0):
        b = int(np.flatnonzero(label_length < 0)[0])
        raise ValueError('ctc_batch_cost: label_length must be >= 0; '
                         'received %d in batch %d.'
                         % (label_length[b], b))
    short = np.flatnonzero(label_length > input_length)
    if short.size:
        b = int(short[0])
        raise ValueError(
            'Not enough time for target transition sequence (required: %d, '
            'available: %d) in batch %d: a label of L entries needs an '
            'input_length of at least L.'
            % (label_length[b], input_length[b], b))


def check_input_length(input_length, max_time):
    """input_length must lie in [0, max_time] (TensorFlow:
    'sequence_length(b) <= max_time')."""
    input_length = np.asarray(input_length).reshape(-1)
    bad = np.flatnonzero((input_length < 0) | (input_length > max_time))
    if bad.size:
        b = int(bad[0])
        raise ValueError('input_length must lie between 0 and the number '
                         'of time steps of y_pred (%d); received %d in '
                         'batch %d.' % (max_time, input_length[b], b))


def extended_labels(label, blank):
    """The label with a blank before, between and after its entries:
    CTC's states (a, b) -> (-, a, -, b, -)."""
    states = np.full(2 * len(label) + 1, blank, dtype='int64')
    states[1::2] = label
    return states


def ctc_loss(labels, label_length, log_probs, input_length):
    """-log p(label | log_probs), one alignment lattice per sample, by the
    forward (alpha) recursion of Graves et al. (2006), in float64.

    The transitions are TensorFlow's with ctc_merge_repeated=True: a state
    may stay, move to the next state, or skip the blank before it when it
    holds a label different from the label two states back. Returns inf
    where no alignment fits in the input (repeats without room for the
    blank between them).
    """
    labels = np.asarray(labels)
    log_probs = np.asarray(log_probs)
    label_length = np.asarray(label_length).reshape(-1)
    input_length = np.asarray(input_length).reshape(-1)
    batch, max_time, classes = log_probs.shape
    check_lengths(label_length, input_length, max_time)
    blank = classes - 1
    losses = np.zeros(batch)
    for b in range(batch):
        label = labels[b, :label_length[b]]
        states = extended_labels(label, blank)
        lp = log_probs[b, :input_length[b]].astype('float64')
        # alpha[s]: log-probability of the alignments of the steps so far
        # that end in state s. Before the first step only the empty
        # prefix (state 0, probability 1) is possible.
        alpha = np.full(len(states), -np.inf)
        alpha[0] = 0.
        for t in range(len(lp)):
            previous = alpha
            alpha = np.full(len(states), -np.inf)
            for s, state in enumerate(states):
                total = previous[s]
                if s >= 1:
                    total = np.logaddexp(total, previous[s - 1])
                if s >= 2 and state != blank and state != states[s - 2]:
                    total = np.logaddexp(total, previous[s - 2])
                alpha[s] = total + lp[t, state]
        # Alignments end on the last label or the blank after it.
        log_likelihood = alpha[-1]
        if len(states) > 1:
            log_likelihood = np.logaddexp(log_likelihood, alpha[-2])
        losses[b] = -log_likelihood
    return losses.astype(log_probs.dtype)


# Decoders: TensorFlow's algorithms (tensorflow/core/util/ctc), computed in
# the input's float type with TensorFlow's order of operations, so that
# pruning decisions and scores agree with TensorFlow's decoders.

def dense_paths(paths):
    """Decoded label sequences as an int64 matrix padded with -1 (the
    default value Keras densifies TensorFlow's sparse results with)."""
    width = max([len(p) for p in paths] + [0])
    dense = np.full((len(paths), width), -1, dtype='int64')
    for b, path in enumerate(paths):
        dense[b, :len(path)] = path
    return dense


def greedy_decode(log_probs, input_length, merge_repeated=True):
    """TensorFlow's ctc_greedy_decoder: the most likely class at each step
    (the first on ties), repeats merged if asked, blanks removed.

    Returns:
        ([decoded], log_prob): decoded (batch, max_len) int64 padded with
        -1; log_prob (batch, 1), TensorFlow's score: minus the sum over the
        steps of the largest input (a positive number for log-probs).
    """
    log_probs = np.asarray(log_probs)
    input_length = np.asarray(input_length).reshape(-1)
    batch, max_time, classes = log_probs.shape
    check_input_length(input_length, max_time)
    blank = classes - 1
    scores = np.zeros((batch, 1), dtype=log_probs.dtype)
    paths = []
    for b in range(batch):
        steps = log_probs[b, :input_length[b]]
        best = np.argmax(steps, axis=-1)
        score = log_probs.dtype.type(0)
        for value in steps.max(axis=-1):  # summed in order, as TensorFlow
            score = score - value
        scores[b, 0] = score
        path = []
        previous = -1
        for label in best:
            if label != blank and not (merge_repeated and label == previous):
                path.append(int(label))
            previous = label
        paths.append(path)
    return [dense_paths(paths)], scores


def _log_sum_exp(a, b):
    """log(exp(a) + exp(b)), as TensorFlow's ctc LogSumExp computes it."""
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    if a > b:
        return a + np.log1p(np.exp(b - a))
    return b + np.log1p(np.exp(a - b))


class _Prefix(object):
    """A node of the prefix tree (TensorFlow's BeamEntry): a label sequence
    and its log-probabilities at the previous step (`old_*`) and the
    current one (`new_*`), split by whether the alignments end in a blank
    or in the prefix's last label. A prefix is in the beam while its
    `new_total` is not log(0)."""
    __slots__ = ('parent', 'label', 'children', 'new_blank', 'new_label',
                 'new_total', 'old_blank', 'old_label', 'old_total')

    def __init__(self, parent, label, zero):
        self.parent = parent
        self.label = label
        self.children = {}
        self.new_blank = self.new_label = self.new_total = zero
        self.old_blank = self.old_label = self.old_total = zero

    def active(self):
        return self.new_total != -np.inf

    def reset_new(self, zero):
        self.new_blank = self.new_label = self.new_total = zero

    def reset_old(self, zero):
        self.old_blank = self.old_label = self.old_total = zero

    def sequence(self, merge_repeated):
        labels = []
        node = self
        previous = -1
        while node.parent is not None:
            if not merge_repeated or node.label != previous:
                labels.append(node.label)
            previous = node.label
            node = node.parent
        return labels[::-1]


class _BeamSearch(object):
    """TensorFlow's CTCBeamSearchDecoder with its default scorer, for one
    sample. `beam` holds at most `width` prefixes in a heap keyed by their
    current total log-probability (the least likely on top)."""

    def __init__(self, classes, width, dtype):
        self.classes = classes
        self.width = width
        self.zero = dtype.type(-np.inf)
        self.dtype = dtype
        self.order = itertools.count()
        self.beam = []
        root = _Prefix(None, -1, self.zero)
        root.new_total = root.new_blank = dtype.type(0)
        self.push(root)

    def push(self, prefix):
        heapq.heappush(self.beam, (prefix.new_total, next(self.order), prefix))

    def full(self):
        return len(self.beam) >= self.width

    def bottom_total(self):
        return self.beam[0][0]

    def is_candidate(self, total):
        """Whether a prefix of this probability enters the beam."""
        return total > self.zero and (not self.full() or
                                      total > self.bottom_total())

    def extract(self):
        """The prefixes of the beam, most likely first; the beam emptied."""
        entries = sorted(self.beam, key=lambda e: (-e[0], e[1]))
        self.beam = []
        return [prefix for _, _, prefix in entries]

    def step(self, row):
        x = row - row.max()
        norm = np.log(np.sum(np.exp(x)))
        blank = self.classes - 1
        branches = self.extract()
        for b in branches:
            b.old_blank, b.old_label, b.old_total = \
                b.new_blank, b.new_label, b.new_total
        # The prefixes already in the beam: extend their alignments by one
        # step (another blank, or their last label again), and by a first
        # emission of their last label when it follows the parent's.
        for b in branches:
            if b.parent is not None:
                if b.parent.active():
                    previous = (b.parent.old_blank if b.label == b.parent.label
                                else b.parent.old_total)
                    b.new_label = _log_sum_exp(b.new_label, previous)
                b.new_label = b.new_label + (x[b.label] - norm)
            b.new_blank = (b.old_total + x[blank]) - norm
            b.new_total = _log_sum_exp(b.new_blank, b.new_label)
            self.push(b)
        # New prefixes: each one extended by one label, most likely first.
        labels = np.arange(blank)
        dropped = {}  # parent -> children of it dropped from the beam now
        for b in branches:
            if not self.is_candidate(b.old_total):
                continue
            # A repeated label needs a blank in between.
            previous = np.where(labels == b.label, b.old_blank, b.old_total)
            totals = (x[:blank] - norm) + previous.astype(self.dtype)
            # TensorFlow visits every child in label order. The least
            # likely entry of the beam only rises meanwhile, so children
            # below it now never enter: only the others, and the children
            # dropped from the beam in this step, need the visit (a
            # dropped child that fails to re-enter loses its previous
            # step's probabilities, which a prefix of `branches` still to
            # be extended reads).
            floor = self.bottom_total() if self.full() else self.zero
            visit = set(np.flatnonzero(totals > floor).tolist())
            visit.update(c.label for c in dropped.pop(b, ()))
            visit = sorted(visit)
            while visit:
                label = heapq.heappop(visit)
                child = b.children.get(label)
                if child is None:  # made when first visited
                    child = b.children[label] = _Prefix(b, label, self.zero)
                total = totals[label]
                if child.active():
                    continue
                if not self.is_candidate(total):
                    child.reset_old(self.zero)
                    continue
                if self.full():
                    _, _, bottom = heapq.heappop(self.beam)
                    bottom.reset_new(self.zero)
                    if bottom.parent is b and bottom.label > label:
                        if bottom.label not in visit:
                            heapq.heappush(visit, bottom.label)
                    else:
                        dropped.setdefault(bottom.parent, []).append(bottom)
                child.new_blank = self.zero
                child.new_label = child.new_total = total
                self.push(child)

    def top_paths(self, count, merge_repeated):
        if count > self.width:
            raise ValueError('ctc_decode: requested more paths than the beam '
                             'width (top_paths=%d, beam_width=%d).'
                             % (count, self.width))
        if count > len(self.beam):
            raise ValueError('ctc_decode: Less leaves in the beam search than '
                             'requested: top_paths=%d, but only %d prefixes '
                             'are possible for an input_length this short.'
                             % (count, len(self.beam)))
        best = self.extract()[:count]
        return ([p.sequence(merge_repeated) for p in best],
                [p.new_total for p in best])


def beam_search_decode(log_probs, input_length, beam_width, top_paths,
                       merge_repeated):
    """TensorFlow's ctc_beam_search_decoder (prefix beam search).

    Returns:
        (decoded, log_prob): a list of `top_paths` int64 matrices
        (batch, max_len of that path) padded with -1, most likely path
        first; log_prob (batch, top_paths), the paths' log-probabilities
        (each input row is normalised by a log-softmax first).
    """
    log_probs = np.asarray(log_probs)
    input_length = np.asarray(input_length).reshape(-1)
    batch, max_time, classes = log_probs.shape
    check_input_length(input_length, max_time)
    paths = [[] for _ in range(top_paths)]
    scores = np.zeros((batch, top_paths), dtype=log_probs.dtype)
    for b in range(batch):
        search = _BeamSearch(classes, beam_width, log_probs.dtype)
        for t in range(input_length[b]):
            search.step(log_probs[b, t])
        found, found_scores = search.top_paths(top_paths, merge_repeated)
        for i, (path, score) in enumerate(zip(found, found_scores)):
            paths[i].append(path)
            scores[b, i] = score
    return [dense_paths(p) for p in paths], scores


# Sparse labels.

def label_dense_to_sparse(labels, label_length):
    """(indices (n, 2) int64, values, dense_shape (2,) int64) of the first
    label_length[b] entries of each row of `labels`, in row-major order."""
    labels = np.asarray(labels)
    label_length = np.asarray(label_length).reshape(-1)
    mask = np.arange(labels.shape[1])[None, :] < label_length[:, None]
    indices = np.argwhere(mask).astype('int64')
    return (indices, labels[mask],
            np.asarray(labels.shape, dtype='int64'))


def sparse_to_dense(indices, values, dense_shape, default_value=0):
    values = np.asarray(values)
    dense = np.full(tuple(int(d) for d in np.asarray(dense_shape)),
                    default_value, dtype=values.dtype)
    dense[tuple(np.asarray(indices, dtype='int64').T)] = values
    return dense


class NumpyCtc(object):

    def ctc_loss(self, labels, label_length, log_probs, input_length):
        return ctc_loss(labels, label_length, log_probs, input_length)

    def ctc_greedy_decode(self, log_probs, input_length, merge_repeated):
        return greedy_decode(log_probs, input_length, merge_repeated)

    def ctc_beam_search_decode(self, log_probs, input_length, beam_width,
                               top_paths, merge_repeated):
        return beam_search_decode(log_probs, input_length, beam_width,
                                  top_paths, merge_repeated)

    def ctc_label_dense_to_sparse(self, labels, label_length):
        return label_dense_to_sparse(labels, label_length)

    def sparse_to_dense(self, indices, values, dense_shape, default_value):
        return sparse_to_dense(indices, values, dense_shape, default_value)
