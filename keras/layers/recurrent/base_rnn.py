"""RNN: a recurrent cell iterated over the time axis of a sequence.

How tensors flow through the layer (the contract for subclasses and
wrappers: SimpleRNN/GRU/LSTM, CuDNN layers, ConvLSTM2D, Bidirectional):

- The cell: any object with `call(inputs, states, **kwargs) -> (output,
  new_states)` and `state_size` (an int, or one entry per state; an entry
  is an int or a shape tuple without the batch axis); optionally
  `output_size` (default: the first state's size), `build(step_shape)` when
  it is a Layer (given `[step_shape, *constant_shapes]` with constants),
  `training=` and `constants=` keywords in `call`. A list of cells becomes
  a StackedRNNCells. The cell is built inside the layer's name scope, its
  weights named `<layer>/kernel` as in 2.3.1, and they are the layer's
  weights (the cell is a tracked sub-layer).
- Inputs: `(batch, time, ...)`. Initial states and constants may be given
  as `initial_state=` / `constants=` or appended to the input list:
  `layer([x, *states, *constants])`; `_standardize_args` splits the list
  using `self._num_constants` (set by the first call with constants, saved
  in the config as `num_constants`). When they are Keras tensors they
  become inputs of the layer's node (so networks replay and serialise
  them) and `call` receives `[x, *states, *constants]`; otherwise they
  reach `call` as keywords. `call` also accepts both at once (the list,
  and the same constants as a keyword) as 2.3.1's Bidirectional passes
  them.
- States: the given initial states, else the stateful variables
  (`self.states`, made by `reset_states` once the batch size is known),
  else zeros from `get_initial_state(inputs)`; override that for states
  that are not `(batch, size)` zeros of the inputs' dtype.
- The loop: `_step_function` gives the step K.rnn iterates and the
  sequence it runs over. For the built-in cells (`RecurrentCell` whose
  `call` is not overridden) the input projection is applied to the whole
  sequence first (one matrix product outside the loop) and the loop runs
  `cell.recurrent_step`; other cells run `cell.call` at each step, the
  constants appended to the states (K.rnn passes `states + constants`, the
  step splits them off again). Before the loop the step runs once on the
  first time step, outside it, so that what cells cache per sequence
  (dropout masks, drawn once per batch as 2.3.1 draws them) is created
  outside the loop and reused at every step; the caches are reset before
  and after each call (`_reset_dropout_masks`: `reset_dropout_mask()`,
  `reset_recurrent_dropout_mask()`, or 2.3.1's `_dropout_mask`
  attributes). A subclass overriding `call` should keep this sequence
  (or call `RNN.call`).
- Masks: the input mask `(batch, time)` goes to K.rnn: a masked step
  repeats the previous output (zeros before the first) and keeps the
  states. `compute_mask` returns the input mask with return_sequences, and
  the list `[output_mask, None, ...]` with return_state.
- Outputs: the last output, or all of them (return_sequences; in loop
  order for go_backwards), followed by the final states (return_state).
  A stateful layer adds `(state_variable, final_state)` updates keyed by
  the call's inputs; K.function, fit, evaluate and predict run them.
"""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec
from keras.layers.recurrent.cell_base import RecurrentCell
from keras.layers.recurrent.cell_base import build_in_scope_of
from keras.layers.recurrent.cell_base import output_size_of
from keras.layers.recurrent.cell_base import set_state_values
from keras.layers.recurrent.cell_base import state_sizes
from keras.layers.recurrent.cell_base import with_batch
from keras.layers.recurrent.stacked_cells import StackedRNNCells
from keras.utils.generic_utils import has_arg


def _standardize_args(inputs, initial_state, constants, num_constants):
    """Splits `[x, *initial_state, *constants]` (the last `num_constants`
    entries are constants) and makes states and constants lists or None.

    Returns:
        (inputs, initial_state, constants).
    """
    if isinstance(inputs, list):
        if initial_state is not None or constants is not None:
            raise ValueError('An RNN takes its initial states and constants '
                             'either in its input list or as the '
                             '`initial_state` / `constants` arguments, not '
                             'both.')
        if num_constants:
            constants = inputs[-num_constants:]
            inputs = inputs[:-num_constants]
        if len(inputs) > 1:
            initial_state = inputs[1:]
        inputs = inputs[0]
    return inputs, _list_or_none(initial_state), _list_or_none(constants)


def _list_or_none(x):
    if x is None or isinstance(x, list):
        return x
    if isinstance(x, tuple):
        return list(x)
    return [x]


def _reset_dropout_masks(cell):
    for inner in getattr(cell, 'cells', []):
        _reset_dropout_masks(inner)
    for method in ('reset_dropout_mask', 'reset_recurrent_dropout_mask'):
        if hasattr(cell, method):
            getattr(cell, method)()
    # User cells written for 2.3.1 cache their masks in these attributes.
    for attribute in ('_dropout_mask', '_recurrent_dropout_mask'):
        if getattr(cell, attribute, None) is not None:
            setattr(cell, attribute, None)


def _caches_per_sequence(cell):
    """Whether a first call outside the loop may create tensors the cell
    reuses at every step (built-in cells: only with dropout; user cells:
    possibly, as 2.3.1's did)."""
    if isinstance(cell, StackedRNNCells):
        return any(_caches_per_sequence(c) for c in cell.cells)
    if isinstance(cell, RecurrentCell):
        return bool(cell.dropout or cell.recurrent_dropout)
    return True


def _projects_inputs(cell):
    """Built-in cells whose step is `input_projection` + `recurrent_step`
    (a subclass overriding `call` is run through its `call`)."""
    return (isinstance(cell, RecurrentCell) and
            type(cell).call is RecurrentCell.call)


class RNN(Layer):
    """Base class for recurrent layers: iterates a cell over time.

    Args:
        cell: an RNN cell (see the module docstring), a list of cells
            (stacked, the first cell's output feeding the second) or a
            StackedRNNCells.
        return_sequences: return the output of every step (batch, time,
            units) rather than the last one (batch, units).
        return_state: also return the final states, after the output.
        go_backwards: process the sequence from its last step to its
            first; outputs are in processing order.
        stateful: the final states of each batch are the initial states of
            the next (sample i of a batch continues sample i of the
            previous one); needs a fixed batch size (`batch_input_shape`
            on a first layer, `batch_shape` on an Input). `reset_states()`
            sets them to zeros.
        unroll: unroll the loop into a Python loop of steps (needs a fixed
            number of time steps); otherwise the backend's own loop runs.
        input_dim, input_length: Keras 1 shorthand for
            `input_shape=(input_length, input_dim)`.

    Call arguments:
        inputs: (batch, time, ...), or a list `[inputs, *initial_states,
            *constants]`.
        mask: (batch, time) boolean: masked steps keep the previous output
            and the states.
        training: the phase (for dropout in cells); default: the learning
            phase.
        initial_state: list of initial state tensors.
        constants: list of tensors given to the cell at every step
            (`cell.call(inputs, states, constants=constants)`).

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)`.

    Output shape:
        `(batch_size, units)`, or `(batch_size, timesteps, units)` with
        return_sequences; with return_state a list: the output followed by
        one `(batch_size, units)` tensor per state.
    """

    def __init__(self, cell, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, 'call'):
            raise ValueError('`cell` should have a `call` method. The RNN '
                             'was passed: %r' % (cell,))
        if not hasattr(cell, 'state_size'):
            raise ValueError('The RNN cell should have an attribute '
                             '`state_size` (tuple of integers, one integer '
                             'per RNN state); received %r.' % (cell,))
        if 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs \
                and ('input_dim' in kwargs or 'input_length' in kwargs):
            kwargs['input_shape'] = (kwargs.pop('input_length', None),
                                     kwargs.pop('input_dim', None))
        super(RNN, self).__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll

        self.supports_masking = True
        self.input_spec = [InputSpec(ndim=3)]
        self.state_spec = None
        self._states = None
        self.constants_spec = None
        self._num_constants = None

    @property
    def states(self):
        """The state variables of a stateful layer (after build); a list of
        None, one per state, before."""
        if self._states is None:
            return [None] * len(state_sizes(self.cell))
        return self._states

    @states.setter
    def states(self, states):
        self._states = states

    # Shapes and masks.

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        size = output_size_of(self.cell)
        if self.return_sequences:
            output_shape = ((input_shape[0], input_shape[1]) +
                            with_batch(None, size)[1:])
        else:
            output_shape = with_batch(input_shape[0], size)
        if self.return_state:
            return [output_shape] + [with_batch(input_shape[0], dim)
                                     for dim in state_sizes(self.cell)]
        return output_shape

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self.states)
        return output_mask

    # Build.

    def build(self, input_shape):
        self._build_cell(input_shape)
        self._build_state_spec()
        if self.stateful:
            self.reset_states()
        self.built = True

    def _build_cell(self, input_shape):
        """Sets the input spec and builds the cell on one time step's shape
        (and the constants' shapes)."""
        constants_shape = None
        if self._num_constants:
            constants_shape = list(input_shape[-self._num_constants:])
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)
        batch_size = input_shape[0] if self.stateful else None
        self.input_spec[0] = InputSpec(
            shape=(batch_size, None) + input_shape[2:])

        if constants_shape is not None and not has_arg(self.cell.call,
                                                       'constants'):
            raise ValueError('RNN cell does not support constants')
        if isinstance(self.cell, Layer) and not self.cell.built:
            step_input_shape = (input_shape[0],) + input_shape[2:]
            with build_in_scope_of(self, self.cell):
                if constants_shape is not None:
                    self.cell.build([step_input_shape] + constants_shape)
                else:
                    self.cell.build(step_input_shape)
            self.cell.built = True

    def _build_state_spec(self):
        """Checks the initial states' specs against `cell.state_size`, or
        makes the specs from it."""
        expected = [with_batch(None, dim)[1:]
                    for dim in state_sizes(self.cell)]
        if self.state_spec is not None:
            received = [tuple(spec.shape[1:]) for spec in self.state_spec]
            if len(received) != len(expected) or any(
                    len(r) != len(e) or any(a is not None and a != b
                                            for a, b in zip(r, e))
                    for r, e in zip(received, expected)):
                raise ValueError(
                    'An `initial_state` was passed that is not compatible '
                    'with `cell.state_size`. Received `state_spec`=%s; '
                    'however `cell.state_size` is %s'
                    % ([spec.shape for spec in self.state_spec],
                       self.cell.state_size))
        else:
            self.state_spec = [InputSpec(shape=(None,) + shape)
                               for shape in expected]

    def get_initial_state(self, inputs):
        """Zero states, one per `cell.state_size` entry, with the batch size
        of `inputs` (which may be known only when the graph runs)."""
        zeros = K.zeros_like(inputs[:, 0])          # (batch, ...)
        if K.ndim(zeros) > 1:
            zeros = K.sum(zeros, axis=list(range(1, K.ndim(zeros))))
        zeros = K.expand_dims(zeros)                # (batch, 1)
        states = []
        for dim in state_sizes(self.cell):
            shape = with_batch(1, dim)
            state = zeros
            for _ in range(len(shape) - 2):
                state = K.expand_dims(state)
            states.append(K.tile(state, shape))
        return states

    # Call.

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = _standardize_args(
            inputs, initial_state, constants, self._num_constants)
        if initial_state is None and constants is None:
            return super(RNN, self).__call__(inputs, **kwargs)

        additional_inputs = []
        additional_specs = []
        if initial_state is not None:
            additional_inputs += initial_state
            self.state_spec = [InputSpec(shape=K.int_shape(state))
                               for state in initial_state]
            additional_specs += self.state_spec
        if constants is not None:
            additional_inputs += constants
            self.constants_spec = [InputSpec(shape=K.int_shape(constant))
                                   for constant in constants]
            self._num_constants = len(constants)
            additional_specs += self.constants_spec

        keras_tensors = [K.is_keras_tensor(t) for t in additional_inputs]
        if any(keras_tensors) and not all(keras_tensors):
            raise ValueError('The initial state or constants of an RNN layer '
                             'cannot be specified with a mix of Keras '
                             'tensors and non-Keras tensors (a "Keras '
                             'tensor" is a tensor that was returned by a '
                             'Keras layer, or by `Input`)')
        if all(keras_tensors):
            # They become inputs of the node: the input spec covers them
            # for this call only.
            self.input_spec = self.input_spec[:1] + additional_specs
            try:
                return super(RNN, self).__call__(
                    [inputs] + additional_inputs, **kwargs)
            finally:
                self.input_spec = self.input_spec[:1]
        if initial_state is not None:
            kwargs['initial_state'] = initial_state
        if constants is not None:
            kwargs['constants'] = constants
        return super(RNN, self).__call__(inputs, **kwargs)

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        call_inputs = inputs
        initial_state = _list_or_none(initial_state)
        constants = _list_or_none(constants)
        if isinstance(inputs, list):
            inputs, listed_states, listed_constants = _standardize_args(
                inputs, None, None, self._listed_constants(inputs, constants))
            initial_state = listed_states or initial_state
            constants = listed_constants or constants
        if isinstance(mask, list):
            mask = mask[0]
        if initial_state is None:
            if self.stateful:
                initial_state = self.states
            else:
                initial_state = self.get_initial_state(inputs)
        initial_state = list(initial_state)
        if len(initial_state) != len(self.states):
            raise ValueError('Layer has ' + str(len(self.states)) +
                             ' states but was passed ' +
                             str(len(initial_state)) + ' initial states.')
        timesteps = K.int_shape(inputs)[1]
        if self.unroll and timesteps is None:
            raise ValueError('Cannot unroll a RNN if the time dimension is '
                             'undefined. \n- If using a Sequential model, '
                             'specify the time dimension by passing an '
                             '`input_shape` or `batch_input_shape` argument '
                             'to your first layer. If your first layer is '
                             'an Embedding, you can also use the '
                             '`input_length` argument.\n- If using the '
                             'functional API, specify the time dimension by '
                             'passing a `shape` or `batch_shape` argument to '
                             'your Input layer.')
        constants = list(constants or [])

        _reset_dropout_masks(self.cell)
        try:
            step, sequence = self._step_function(inputs, training, constants)
            if _caches_per_sequence(self.cell):
                step(sequence[:, 0], initial_state + constants)
            last_output, outputs, states = K.rnn(
                step, sequence, initial_state, constants=constants,
                go_backwards=self.go_backwards, mask=mask,
                unroll=self.unroll, input_length=timesteps)
        finally:
            _reset_dropout_masks(self.cell)

        if self.stateful:
            self.add_update([(variable, value) for variable, value
                             in zip(self.states, states)], call_inputs)
        output = outputs if self.return_sequences else last_output
        if getattr(last_output, '_uses_learning_phase', False):
            for tensor in [output] + list(states):
                tensor._uses_learning_phase = True
        if self.return_state:
            return [output] + list(states)
        return output

    def _listed_constants(self, inputs, constants):
        """How many trailing entries of an input list are constants: the
        layer's `_num_constants`, else as many as the `constants` given
        again as a keyword (wrappers such as Bidirectional pass both)."""
        if self._num_constants is not None:
            return self._num_constants
        if constants:
            count = len(constants)
            if len(inputs) > count and all(
                    a is b for a, b in zip(inputs[-count:], constants)):
                return count
        return None

    def _step_function(self, inputs, training, constants):
        """(step, sequence): the function K.rnn iterates, `(x_t, states +
        constants) -> (output, new_states)`, and the sequence it iterates
        over (the inputs, or their projection for the built-in cells)."""
        cell = self.cell
        kwargs = {}
        if has_arg(cell.call, 'training'):
            kwargs['training'] = training
        if constants:
            if not has_arg(cell.call, 'constants'):
                raise ValueError('RNN cell does not support constants')
            count = len(constants)

            def step(x_t, states):
                return cell.call(x_t, states[:-count],
                                 constants=states[-count:], **kwargs)
            return step, inputs
        if _projects_inputs(cell):
            projected = cell.input_projection(inputs, training=training)

            def step(x_t, states):
                return cell.recurrent_step(x_t, states, training=training)
            return step, projected

        def step(x_t, states):
            return cell.call(x_t, states, **kwargs)
        return step, inputs

    # Stateful layers.

    def reset_states(self, states=None):
        """Sets the states of a stateful layer to zeros, or to `states` (a
        NumPy array per state, of shape (batch_size, size)).

        Raises:
            AttributeError: if the layer is not stateful.
            ValueError: without a known batch size, or for a wrong number or
                shape of values.
        """
        if not self.stateful:
            raise AttributeError('Layer must be stateful.')
        spec_shape = self.input_spec[0].shape if self.input_spec else None
        batch_size = spec_shape[0] if spec_shape else None
        if not batch_size:
            raise ValueError('If a RNN is stateful, it needs to know its '
                             'batch size. Specify the batch size of your '
                             'input tensors: \n- If using a Sequential '
                             'model, specify the batch size by passing a '
                             '`batch_input_shape` argument to your first '
                             'layer.\n- If using the functional API, '
                             'specify the batch size by passing a '
                             '`batch_shape` argument to your Input layer.')
        shapes = [with_batch(batch_size, dim)
                  for dim in state_sizes(self.cell)]
        set_state_values(self, shapes, states)

    # Configuration.

    def get_config(self):
        config = {'return_sequences': self.return_sequences,
                  'return_state': self.return_state,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful,
                  'unroll': self.unroll}
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        config['cell'] = {'class_name': self.cell.__class__.__name__,
                          'config': self.cell.get_config()}
        base_config = super(RNN, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.layers import deserialize as deserialize_layer
        config = dict(config)
        cell = deserialize_layer(config.pop('cell'),
                                 custom_objects=custom_objects)
        num_constants = config.pop('num_constants', None)
        layer = cls(cell, **config)
        layer._num_constants = num_constants
        return layer
