"""K.rnn: a step function iterated over the time axis.

The step function is traced once on placeholders (one time step of the
input, the states) into a sub-graph, and the whole loop is one recorded
node lowered to the backend's `scan` over the time-major input: one While
op (tensorflow), lax.scan (jax), pytensor.scan (theano), a Python loop
(torch, numpy). It is unrolled into a Python loop only for `unroll=True`.
"""
import numbers

from keras.backend.active import current
from keras.backend.ops.control_flow import Body
from keras.backend.ops.control_flow import as_tensor
from keras.backend.ops.control_flow import check_carry
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record


def _time_major(b, x, rank):
    """Swaps the first two axes (batch, time) <-> (time, batch)."""
    return b.transpose(x, (1, 0) + tuple(range(2, rank)))


def _broadcastable_mask(b, mask_t, rank):
    """The (batch,) mask of one step with trailing axes of size 1, to
    select between tensors of `rank` dimensions."""
    for _ in range(rank - 1):
        mask_t = b.expand_dims(mask_t, -1)
    return mask_t


def _zero_output(b, inputs, spec):
    """Zeros of the step output's shape: the masked output before the
    first unmasked step."""
    shape, dtype = spec
    if shape and shape[0] is None:
        batch = b.static_shape(inputs)[0]
        if batch is None:
            batch = b.shape(inputs)[0]
        shape = (batch,) + shape[1:]
    return b.zeros(shape, dtype)


def _lowered_rnn(inputs, initial_states, mask, captured, body=None,
                 go_backwards=False, unroll=False, length=None):
    b = current()
    rank = len(b.static_shape(inputs))
    xs = [_time_major(b, inputs, rank)]
    if mask is not None:
        xs.append(b.transpose(b.cast(mask, 'bool'), (1, 0)))
    if go_backwards:
        # Iteration order: outputs[:, 0] is the step on the last input.
        xs = [b.flip(x, 0) for x in xs]
    states = list(initial_states)
    n_states = len(states)
    state_dtypes = [b.dtype_name(s) for s in states]

    def cast_states(values):
        return [v if b.dtype_name(v) == dtype else b.cast(v, dtype)
                for v, dtype in zip(values, state_dtypes)]

    # The last output is carried along when its shape is known (masked
    # steps need it anyway): taken from the stacked outputs instead, its
    # gradient would flow back through the stack to every step (on torch,
    # an addition per step).
    output_shape = body.specs[0][0]
    carries_output = mask is not None or None not in output_shape[1:]
    if mask is None and carries_output:
        def step(carry, x_t):
            output, *new_states = body.run(x_t + carry[:n_states], captured)
            return cast_states(new_states) + [output], [output]
        init = states + [_zero_output(b, inputs, body.specs[0])]
    elif mask is None:
        def step(carry, x_t):
            output, *new_states = body.run(x_t + carry, captured)
            return cast_states(new_states), [output]
        init = states
    else:
        def step(carry, x_t):
            input_t, mask_t = x_t
            old_states, previous = carry[:n_states], carry[n_states]
            output, *new_states = body.run([input_t] + old_states, captured)
            # A masked step repeats the previous output and keeps the
            # states.
            output = b.where(_broadcastable_mask(b, mask_t, len(
                b.static_shape(output))), output, previous)
            new_states = [
                b.where(_broadcastable_mask(b, mask_t, len(
                    b.static_shape(new))), new, old)
                for new, old in zip(cast_states(new_states), old_states)]
            return new_states + [output], [output]
        init = states + [_zero_output(b, inputs, body.specs[0])]
    carry, (outputs,) = b.scan(step, init, xs,
                               length=length if unroll else None,
                               unroll=unroll)
    if carries_output:
        last_output = carry[n_states]
    else:
        last_output = b.getitem(outputs, -1)
    outputs = _time_major(b, outputs, len(b.static_shape(outputs)))
    return (last_output, outputs) + tuple(carry[:n_states])


def _check_arguments(inputs, mask, unroll, input_length):
    """The number of steps if known statically; ValueErrors for bad
    arguments."""
    shape = tuple(spec_shape(inputs))
    if len(shape) < 3:
        raise ValueError('Input should be at least 3D. K.rnn received inputs '
                         'of shape %s; expected (samples, time, ...).'
                         % (shape,))
    time = shape[1]
    if input_length is not None:
        if not isinstance(input_length, numbers.Integral) or isinstance(
                input_length, bool):
            raise TypeError('K.rnn: input_length must be a Python int (the '
                            'number of time steps); received %r.'
                            % (input_length,))
        input_length = int(input_length)
        if time is not None and input_length != time:
            raise ValueError('K.rnn: input_length=%d does not match the time '
                             'axis of the inputs, of shape %s.'
                             % (input_length, shape))
    steps = time if time is not None else input_length
    if unroll and steps is None:
        raise ValueError('Unrolling requires a fixed number of timesteps. '
                         'K.rnn received inputs of shape %s and no '
                         'input_length.' % (shape,))
    if mask is not None:
        mask_shape = tuple(spec_shape(mask))
        if len(mask_shape) != 2 or any(
                m is not None and s is not None and m != s
                for m, s in zip(mask_shape, shape[:2])):
            raise ValueError('mask should have `shape=(samples, time)` = %s, '
                             'got %s.' % (shape[:2], mask_shape))
    return steps


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None,
        constants=None, unroll=False, input_length=None):
    """Iterates `step_function` over the time axis of `inputs`.

    Args:
        step_function: `(input_t, states + constants) -> (output_t,
            new_states)`; input_t is one time step (samples, ...), states
            a list of tensors (samples, ...), new_states a list of the same
            shapes.
        inputs: (samples, time, ...), at least 3D.
        initial_states: the states before the first step, a list.
        go_backwards: iterate from the last time step to the first.
        mask: (samples, time), bool or 0/1: at a masked step the output is
            the previous step's (zeros before the first) and the states
            keep their values.
        constants: tensors passed to every step after the states.
        unroll: a Python loop over the steps (needs a known number of
            steps) rather than the backend's loop.
        input_length: the number of steps, when the time axis of `inputs`
            is unknown.

    Returns:
        (last_output, outputs, new_states): the last step's output
        (samples, ...), every step's output (samples, time, ...) in the
        order the steps ran, and the last states.
    """
    steps = _check_arguments(inputs, mask, unroll, input_length)
    inputs = as_tensor(inputs)
    if mask is not None:
        mask = as_tensor(mask)
    initial_states = [as_tensor(s) for s in initial_states]
    constants = list(constants or [])
    shape = tuple(spec_shape(inputs))
    state_specs = [(tuple(spec_shape(s)), spec_dtype(s))
                   for s in initial_states]

    def traced(input_t, *states):
        results = step_function(input_t, list(states) + constants)
        if not isinstance(results, (list, tuple)) or len(results) != 2:
            raise TypeError('K.rnn: the step function must return '
                            '(output, new_states); received %r.'
                            % (results,))
        output, new_states = results
        if not isinstance(new_states, (list, tuple)):
            new_states = [new_states]
        if len(new_states) != len(states):
            raise ValueError('K.rnn: the step function received %d states '
                             'and returned %d new states.'
                             % (len(states), len(new_states)))
        return [output] + list(new_states)
    input_spec = ((shape[0],) + shape[2:], spec_dtype(inputs))
    body = Body(traced, [input_spec] + state_specs, 'rnn')
    output_shape, output_dtype = body.specs[0]
    if not output_shape:
        raise ValueError('K.rnn: the step output must have a batch axis; '
                         'it is a scalar.')
    if mask is not None and None in output_shape[1:]:
        raise ValueError('K.rnn with a mask needs the static shape of the '
                         'step output beyond the batch axis (masked steps '
                         'start from zeros of that shape); it is %s.'
                         % (output_shape,))
    state_shapes = [check_carry('K.rnn', 'new state %d' % i, spec[0],
                                out[0])
                    for i, (spec, out) in enumerate(zip(state_specs,
                                                        body.specs[1:]))]
    args = (inputs, initial_states, mask, body.captured)
    kwargs = {'body': body, 'go_backwards': go_backwards, 'unroll': unroll,
              'length': steps}
    if not has_symbolic(args):
        last_output, outputs, *new_states = _lowered_rnn(*args, **kwargs)
        return last_output, outputs, list(new_states)
    time = shape[1] if shape[1] is not None else (steps if unroll else None)
    specs = [(output_shape, output_dtype),
             ((output_shape[0], time) + output_shape[1:], output_dtype)]
    specs += [(s, spec[1]) for s, spec in zip(state_shapes, state_specs)]
    last_output, outputs, *new_states = record(
        _lowered_rnn, args, kwargs, multi_output=True, name='rnn',
        shape_rule=lambda a, k: specs)
    if body.uses_learning_phase:
        for tensor in [last_output, outputs] + new_states:
            tensor._uses_learning_phase = True
    return last_output, outputs, list(new_states)
