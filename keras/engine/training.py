"""Model: a Network with training (compile, fit, evaluate, predict).

`compile` builds the symbolic total loss and the metric results; the
train, test and predict functions are made lazily with `K.function`, and
the loops of `training_arrays` / `training_generator` call them. That is
the only training loop, on every backend.
"""
import warnings

from keras import backend as K
from keras import optimizers
from keras.backend.base import BACKENDS_THAT_TRAIN
from keras.engine import training_arrays
from keras.engine import training_compile
from keras.engine import training_generator
from keras.engine import training_utils
from keras.engine.network import Network
from keras.legacy.interfaces import convert_fit_kwargs
from keras.utils.argument_validation import check_int
from keras.utils.argument_validation import check_rate
from keras.utils.generic_utils import slice_arrays
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton


def _keras2_arguments(kwargs, method_name, generator=None, **arguments):
    """The values of `arguments` (name=value as the method received them),
    or the values given under their Keras 1 names in `kwargs`.

    Raises:
        TypeError: for any other keyword in `kwargs`.
    """
    kwargs = convert_fit_kwargs(kwargs, method_name=method_name,
                                generator=generator)
    values = [kwargs.pop(name, value) for name, value in arguments.items()]
    if kwargs:
        raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
    return values


class Model(Network):
    """The `Model` class adds training and evaluation to `Network`.

    `Model(inputs, outputs, name=None)` for the functional API; subclasses
    may instead define `call` (subclassed models, built from the first
    data they are given).
    """

    def compile(self, optimizer, loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None,
                target_tensors=None, **kwargs):
        """Configures the model for training.

        Args:
            optimizer: name or `Optimizer` instance.
            loss: name, function or `Loss` object; or a list (one per
                output) or a dict output name -> loss. An output whose loss
                is None is not trained (and takes no targets).
            metrics: list of metrics for every output, or dict output name
                -> metric(s). 'accuracy' / 'acc' pick the binary,
                categorical or sparse accuracy from the output and loss.
            loss_weights: list or dict of scalars weighting the outputs'
                losses in the total loss.
            sample_weight_mode: None (per-sample weights) or 'temporal'
                (per-timestep, 2D weights); or a list/dict per output.
            weighted_metrics: metrics weighted by sample_weight/class_weight.
            target_tensors: tensors to use as targets instead of
                placeholders fed with data (list or dict per output).
            **kwargs: passed to `K.function`.

        Raises:
            ValueError: for invalid arguments, or when the model has no
                loss at all to optimise.
        """
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss or {}
        self._compile_metrics = metrics or []
        self.loss_weights = loss_weights
        self.sample_weight_mode = sample_weight_mode
        self._compile_weighted_metrics = weighted_metrics
        self._compile_target_tensors = target_tensors
        self._function_kwargs = kwargs
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        if not self.built or not self.outputs:
            # The number and shapes of inputs/outputs are known once the
            # model sees data: compile then (see _standardize_user_data).
            self._is_compiled = False
            self._deferred_compile = dict(
                optimizer=self.optimizer, loss=loss, metrics=metrics,
                loss_weights=loss_weights,
                sample_weight_mode=sample_weight_mode,
                weighted_metrics=weighted_metrics,
                target_tensors=target_tensors, **kwargs)
            return
        self._deferred_compile = None
        self._is_compiled = False
        if loss is None and not self.losses:
            raise ValueError('The model cannot be compiled because it has no '
                             'loss to optimize: pass `loss` to compile() (or '
                             'add losses with `add_loss`).')
        self.loss_functions = training_utils.prepare_loss_functions(
            self.loss, self.output_names)
        self._skip_target_indices = [
            i for i, fn in enumerate(self.loss_functions) if fn is None]
        skip_target_weighing_indices = list(self._skip_target_indices)
        masks = to_list(self.compute_mask(self.inputs, mask=None))
        if len(masks) != len(self.outputs):
            masks = [None] * len(self.outputs)
        self.loss_weights_list = training_utils.prepare_loss_weights(
            self.output_names, loss_weights)
        training_compile.prepare_targets(self, target_tensors,
                                         skip_target_weighing_indices)
        self.sample_weights, self.sample_weight_modes = \
            training_utils.prepare_sample_weights(
                self.output_names, sample_weight_mode,
                skip_target_weighing_indices)
        kept = [i for i in range(len(self.outputs))
                if i not in skip_target_weighing_indices]
        self._feed_sample_weight_modes = [self.sample_weight_modes[i]
                                          for i in kept]
        self._feed_sample_weights = [self.sample_weights[i] for i in kept]
        training_compile.prepare_metrics(self, metrics, weighted_metrics,
                                         masks)
        self.total_loss = training_compile.prepare_total_loss(self, masks)
        self._collected_trainable_weights = self.trainable_weights
        self._is_compiled = True

    # Metrics.

    def _training_eval_metrics(self):
        """Every Metric reported by train/test: per-output losses, compile
        metrics, then those added with add_metric (model, then layers)."""
        metrics = []
        if getattr(self, '_is_compiled', False):
            metrics += self._output_loss_metrics or []
            metrics += self._compile_metric_functions
        metrics += list(self._metrics)
        seen = set(id(m) for m in metrics)
        for metric in training_compile.metrics_from_layers(self.layers):
            if id(metric) not in seen:
                seen.add(id(metric))
                metrics.append(metric)
        return metrics

    @property
    def metrics(self):
        """The model's Metric objects (compile and add_metric)."""
        return [m for m in self._training_eval_metrics()
                if m not in (getattr(self, '_output_loss_metrics', None) or
                             [])]

    @property
    def metrics_names(self):
        """Log names of the train/test function outputs: 'loss', the
        per-output losses of multi-output models, then the metrics."""
        names = ['loss']
        if getattr(self, '_is_compiled', False) and \
                self._output_loss_metrics is not None:
            names += [self.output_names[i] + '_loss'
                      for i in range(len(self.outputs))
                      if i not in self._skip_target_indices]
        names += [m.name for m in self._training_eval_metrics()
                  if m not in (getattr(self, '_output_loss_metrics', None) or
                               [])]
        return names

    def _reported_metrics(self):
        """(metric result tensors, metric update ops) for train/test."""
        results = []
        updates = []
        for metric in self._training_eval_metrics():
            # Per-output loss metrics of untrained outputs were never
            # called: they have no result.
            if getattr(metric, '_call_result', None) is not None:
                results.append(metric._call_result)
                updates += metric.updates
        return results, updates

    def reset_metrics(self):
        """Resets the state of every metric (done at each epoch start and
        for each evaluate)."""
        for metric in self._training_eval_metrics():
            metric.reset_states()

    # The compiled functions.

    def _check_compiled(self):
        if not getattr(self, '_is_compiled', False) or \
                not hasattr(self, 'train_function'):
            raise RuntimeError('You must compile your model before using it.')

    def _uses_dynamic_learning_phase(self):
        return self.uses_learning_phase and not isinstance(
            K.learning_phase(), int)

    def _feed_list(self, with_targets):
        inputs = list(self._feed_inputs)
        if with_targets:
            inputs += self._feed_targets + self._feed_sample_weights
        if self._uses_dynamic_learning_phase():
            inputs.append(K.learning_phase())
        return inputs

    def _check_trainable_weights_consistency(self):
        if not hasattr(self, '_collected_trainable_weights'):
            return
        if len(self.trainable_weights) != len(
                self._collected_trainable_weights):
            warnings.warn(UserWarning(
                'Discrepancy between trainable weights and collected '
                'trainable weights, did you set `model.trainable` without '
                'calling `model.compile` after ?'))

    def _make_train_function(self):
        self._check_compiled()
        if K.backend() not in BACKENDS_THAT_TRAIN:
            raise NotImplementedError(
                'Training (fit, train_on_batch, fit_generator) is not '
                'available on the %s backend, which has no automatic '
                'differentiation; predict and evaluate work. Backends that '
                'can train: %s.' % (K.backend(),
                                    ', '.join(BACKENDS_THAT_TRAIN)))
        self._check_trainable_weights_consistency()
        if self.train_function is None:
            with K.name_scope('training'):
                with K.name_scope(self.optimizer.__class__.__name__):
                    training_updates = self.optimizer.get_updates(
                        params=self._collected_trainable_weights,
                        loss=self.total_loss)
                results, metric_updates = self._reported_metrics()
                self.train_function = K.function(
                    self._feed_list(with_targets=True),
                    [self.total_loss] + results,
                    updates=self.updates + training_updates + metric_updates,
                    name='train_function', **self._function_kwargs)

    def _make_test_function(self):
        self._check_compiled()
        if self.test_function is None:
            results, metric_updates = self._reported_metrics()
            self.test_function = K.function(
                self._feed_list(with_targets=True),
                [self.total_loss] + results,
                updates=self.state_updates + metric_updates,
                name='test_function', **self._function_kwargs)

    def _make_predict_function(self):
        if getattr(self, 'predict_function', None) is None:
            kwargs = getattr(self, '_function_kwargs', {})
            self.predict_function = K.function(
                self._feed_list(with_targets=False), self.outputs,
                updates=self.state_updates, name='predict_function',
                **kwargs)

    def _get_callback_model(self):
        if getattr(self, 'callback_model', None):
            return self.callback_model
        return self

    # Data.

    def _set_inputs(self, inputs):
        """Builds a model that did not know its inputs, from data."""
        arrays = to_list(inputs, allow_tuple=True) if not isinstance(
            inputs, dict) else list(inputs.values())
        arrays = [training_utils.standardize_single_array(x) for x in arrays]
        shapes = [(None,) + tuple(a.shape[1:]) for a in arrays]
        if hasattr(self, '_build_input_shape'):  # Sequential
            self.build(shapes[0])
            return
        # Integer data (e.g. token ids) keeps its dtype; the rest is floatx.
        dtypes = [K.dtype(a) if K.dtype(a).startswith(('int', 'uint'))
                  else K.floatx() for a in arrays]
        placeholders = [K.placeholder(shape=s, dtype=dtype,
                                      name='input_%d' % (i + 1))
                        for i, (s, dtype) in enumerate(zip(shapes, dtypes))]
        outputs = self.call(unpack_singleton(placeholders))
        self.inputs = placeholders
        self.outputs = to_list(outputs, allow_tuple=True)
        self.input_names = ['input_%d' % (i + 1)
                            for i in range(len(placeholders))]
        self.output_names = ['output_%d' % (i + 1)
                             for i in range(len(self.outputs))]
        self._feed_inputs = placeholders
        self._feed_input_names = list(self.input_names)
        self._feed_input_shapes = shapes
        self.built = True

    def _standardize_user_data(self, x, y=None, sample_weight=None,
                               class_weight=None, check_array_lengths=True,
                               batch_size=None):
        """Lists of input, target and sample-weight arrays, checked against
        the model (number, shapes, lengths)."""
        if not self.built or not self.outputs:
            # Building a Sequential model resets its network attributes:
            # keep the compile arguments to compile once built.
            deferred = getattr(self, '_deferred_compile', None)
            self._set_inputs(x)
            if deferred is not None:
                self.compile(**deferred)
        x = training_utils.standardize_input_data(
            x, self._feed_input_names, self._feed_input_shapes,
            check_batch_axis=False, exception_prefix='input')
        if y is None:
            if check_array_lengths:
                training_utils.check_array_length_consistency(x, [])
            return x, [], []
        self._check_compiled()
        feed_output_shapes = [
            training_compile.target_shape(shape, loss_fn)
            for shape, loss_fn in zip(
                self._feed_output_shapes, self._feed_loss_fns)]
        y = training_utils.standardize_input_data(
            y, self._feed_output_names, feed_output_shapes,
            check_batch_axis=False, exception_prefix='target')
        sample_weights = training_utils.standardize_sample_weights(
            sample_weight, self._feed_output_names)
        class_weights = training_utils.standardize_class_weights(
            class_weight, self._feed_output_names)
        sample_weights = [
            training_utils.standardize_weights(ref, sw, cw, mode)
            for ref, sw, cw, mode in zip(y, sample_weights, class_weights,
                                         self._feed_sample_weight_modes)]
        if check_array_lengths:
            training_utils.check_array_length_consistency(x, y,
                                                          sample_weights)
        training_utils.check_loss_and_target_compatibility(
            y, self._feed_loss_fns, self._feed_output_shapes)
        if self.stateful and batch_size and x[0].shape[0] % batch_size != 0:
            raise ValueError('In a stateful network, you should only pass '
                             'inputs with a number of samples that can be '
                             'divided by the batch size. Found: ' +
                             str(x[0].shape[0]) + ' samples. Batch size: ' +
                             str(batch_size) + '.')
        return x, y, sample_weights

    def _validate_or_infer_batch_size(self, batch_size, steps, x,
                                      method_name='Model.fit'):
        if batch_size is not None:
            batch_size = check_int(batch_size, 'batch_size', method_name)
        if x is not None and training_utils.is_generator_or_sequence(x) \
                and batch_size is not None:
            raise ValueError('The `batch_size` argument must not be '
                             'specified when using a generator or Sequence '
                             'as an input.')
        layers = self._layers
        if layers:
            static_batch_size = training_utils.get_static_batch_size(
                layers[0])
            if static_batch_size is not None:
                if batch_size is not None and \
                        batch_size != static_batch_size:
                    raise ValueError('The `batch_size` argument value {} is '
                                     'incompatible with the specified batch '
                                     'size of your Input Layer: {}'.format(
                                         batch_size, static_batch_size))
                if steps is None:
                    batch_size = static_batch_size
        if batch_size is None and steps is None:
            batch_size = 32
        return batch_size

    def _with_phase(self, arrays, phase):
        if self._uses_dynamic_learning_phase():
            return arrays + [phase]
        return arrays

    # Training and evaluation.

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1,
            callbacks=None, validation_split=0., validation_data=None,
            shuffle=True, class_weight=None, sample_weight=None,
            initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_freq=1, max_queue_size=10, workers=1,
            use_multiprocessing=False, **kwargs):
        """Trains the model for a number of epochs (Keras 2.3.1 arguments).

        `validation_split` holds out the *last* fraction of the data, before
        any shuffling. Generators and `Sequence` objects given as `x` go to
        `fit_generator`.

        Returns:
            A `History` object: `history.history[name]` lists the epoch
            values of the loss and metrics (and `val_` ones).
        """
        epochs, steps_per_epoch, validation_steps = _keras2_arguments(
            kwargs, 'fit', epochs=epochs, steps_per_epoch=steps_per_epoch,
            validation_steps=validation_steps)
        if x is None and y is None and steps_per_epoch is None:
            raise ValueError('If fitting from data tensors, you should '
                             'specify the `steps_per_epoch` argument.')
        self._check_compiled_or_deferred()
        batch_size = self._validate_or_infer_batch_size(
            batch_size, steps_per_epoch, x)
        validation_split = check_rate(validation_split or 0.,
                                      'validation_split', 'Model.fit',
                                      maximum_included=False)
        if training_utils.is_generator_or_sequence(x):
            training_utils.check_generator_arguments(
                y, sample_weight, validation_split=validation_split)
            return self.fit_generator(
                x, steps_per_epoch=steps_per_epoch, epochs=epochs,
                verbose=verbose, callbacks=callbacks,
                validation_data=validation_data,
                validation_steps=validation_steps,
                validation_freq=validation_freq, class_weight=class_weight,
                max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing, shuffle=shuffle,
                initial_epoch=initial_epoch)

        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight, class_weight=class_weight,
            batch_size=batch_size)
        val_inputs = []
        do_validation = False
        if validation_data:
            do_validation = True
            if len(validation_data) == 2:
                val_x, val_y = validation_data
                val_sample_weight = None
            elif len(validation_data) == 3:
                val_x, val_y, val_sample_weight = validation_data
            else:
                raise ValueError('When passing validation_data, it must '
                                 'contain 2 (x_val, y_val) or 3 (x_val, '
                                 'y_val, val_sample_weights) items, however '
                                 'it contains %d items' %
                                 len(validation_data))
            val_x, val_y, val_sample_weights = self._standardize_user_data(
                val_x, val_y, sample_weight=val_sample_weight,
                batch_size=batch_size)
            val_inputs = self._with_phase(
                val_x + val_y + val_sample_weights, 0)
        elif validation_split:
            do_validation = True
            num_samples = int(x[0].shape[0])
            split_at = int(num_samples * (1. - validation_split))
            if split_at in (0, num_samples):
                raise ValueError(
                    'Model.fit: `validation_split`=%r of %d samples leaves '
                    'no %s samples; use a split that keeps at least one '
                    'sample on each side.' % (
                        validation_split, num_samples,
                        'training' if split_at == 0 else 'validation'))
            x, val_x = slice_arrays(x, 0, split_at), slice_arrays(x, split_at)
            y, val_y = slice_arrays(y, 0, split_at), slice_arrays(y, split_at)
            sample_weights, val_sample_weights = (
                slice_arrays(sample_weights, 0, split_at),
                slice_arrays(sample_weights, split_at))
            val_inputs = self._with_phase(
                val_x + val_y + val_sample_weights, 0)
        elif validation_steps:
            do_validation = True
            val_inputs = self._with_phase([], 0)

        fit_inputs = self._with_phase(x + y + sample_weights, 1)
        self._make_train_function()
        val_function = None
        if do_validation:
            self._make_test_function()
            val_function = self.test_function
        return training_arrays.fit_loop(
            self, self.train_function, fit_inputs,
            out_labels=self.metrics_names, batch_size=batch_size,
            epochs=epochs, verbose=verbose, callbacks=callbacks,
            val_function=val_function, val_inputs=val_inputs,
            shuffle=shuffle, initial_epoch=initial_epoch,
            steps_per_epoch=steps_per_epoch,
            validation_steps=validation_steps,
            validation_freq=validation_freq)

    def _check_compiled_or_deferred(self):
        """fit/evaluate need compile; a model compiled before it knew its
        inputs finishes compiling when it sees data."""
        if not getattr(self, '_is_compiled', False) and \
                getattr(self, '_deferred_compile', None) is None:
            raise RuntimeError('You must compile your model before using it.')

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1,
                 sample_weight=None, steps=None, callbacks=None,
                 max_queue_size=10, workers=1, use_multiprocessing=False):
        """The loss and metric values on data, in the order of
        `metrics_names` (a scalar when there are no metrics)."""
        self._check_compiled_or_deferred()
        batch_size = self._validate_or_infer_batch_size(
            batch_size, steps, x, method_name='Model.evaluate')
        if training_utils.is_generator_or_sequence(x):
            training_utils.check_generator_arguments(y, sample_weight)
            return self.evaluate_generator(
                x, steps=steps, verbose=verbose, callbacks=callbacks,
                max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing)
        if x is None and y is None and steps is None:
            raise ValueError('If evaluating from data tensors, you should '
                             'specify the `steps` argument.')
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight, batch_size=batch_size)
        ins = self._with_phase(x + y + sample_weights, 0)
        self._make_test_function()
        return training_arrays.test_loop(self, self.test_function, ins,
                                         batch_size=batch_size,
                                         verbose=verbose, steps=steps,
                                         callbacks=callbacks)

    def predict(self, x, batch_size=None, verbose=0, steps=None,
                callbacks=None, max_queue_size=10, workers=1,
                use_multiprocessing=False):
        """The model's outputs for the input samples, batch by batch (an
        array, or a list of arrays for several outputs)."""
        batch_size = self._validate_or_infer_batch_size(
            batch_size, steps, x, method_name='Model.predict')
        if training_utils.is_generator_or_sequence(x):
            return self.predict_generator(
                x, steps=steps, verbose=verbose, callbacks=callbacks,
                max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing)
        if x is None and steps is None:
            raise ValueError('If predicting from data tensors, you should '
                             'specify the `steps` argument.')
        x, _, _ = self._standardize_user_data(x)
        if self.stateful and x[0].shape[0] > batch_size and \
                x[0].shape[0] % batch_size != 0:
            raise ValueError('In a stateful network, you should only pass '
                             'inputs with a number of samples that can be '
                             'divided by the batch size. Found: ' +
                             str(x[0].shape[0]) + ' samples. Batch size: ' +
                             str(batch_size) + '.')
        self._make_predict_function()
        return training_arrays.predict_loop(
            self, self.predict_function, self._with_phase(x, 0),
            batch_size=batch_size, verbose=verbose, steps=steps,
            callbacks=callbacks)

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None,
                       reset_metrics=True):
        """One gradient update on a batch; returns the loss (and metric
        values). `reset_metrics=True` resets the metrics after the call;
        False lets them accumulate over calls."""
        self._check_compiled_or_deferred()
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight, class_weight=class_weight)
        self._make_train_function()
        return self._call_on_batch(self.train_function,
                                   self._with_phase(x + y + sample_weights, 1),
                                   reset_metrics)

    def test_on_batch(self, x, y, sample_weight=None, reset_metrics=True):
        """The loss (and metric values) on a batch, without training;
        `reset_metrics` as for `train_on_batch`."""
        self._check_compiled_or_deferred()
        x, y, sample_weights = self._standardize_user_data(
            x, y, sample_weight=sample_weight)
        self._make_test_function()
        return self._call_on_batch(self.test_function,
                                   self._with_phase(x + y + sample_weights, 0),
                                   reset_metrics)

    def _call_on_batch(self, function, inputs, reset_metrics):
        """The loss and metric values of one call of the train or test
        function. As in Keras 2.3.1 the metrics are reset after the call
        only (with `reset_metrics`): the values returned include the state
        left by earlier calls with `reset_metrics=False` (or by evaluate)."""
        outputs = function(inputs)
        if reset_metrics:
            self.reset_metrics()
        return unpack_singleton(training_arrays.scalars_as_numbers(outputs))

    def predict_on_batch(self, x):
        """The model's outputs for one batch."""
        x, _, _ = self._standardize_user_data(x)
        self._make_predict_function()
        outputs = self.predict_function(self._with_phase(x, 0))
        return unpack_singleton(outputs)

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1,
                      verbose=1, callbacks=None, validation_data=None,
                      validation_steps=None, validation_freq=1,
                      class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True,
                      initial_epoch=0, **kwargs):
        """Trains on batches from a generator or `Sequence` (see
        `training_generator.fit_generator`)."""
        (epochs, steps_per_epoch, validation_steps, workers,
         use_multiprocessing, max_queue_size) = _keras2_arguments(
            kwargs, 'fit_generator', generator, epochs=epochs,
            steps_per_epoch=steps_per_epoch,
            validation_steps=validation_steps, workers=workers,
            use_multiprocessing=use_multiprocessing,
            max_queue_size=max_queue_size)
        self._check_compiled_or_deferred()
        return training_generator.fit_generator(
            self, generator, steps_per_epoch=steps_per_epoch, epochs=epochs,
            verbose=verbose, callbacks=callbacks,
            validation_data=validation_data,
            validation_steps=validation_steps,
            validation_freq=validation_freq, class_weight=class_weight,
            max_queue_size=max_queue_size, workers=workers,
            use_multiprocessing=use_multiprocessing, shuffle=shuffle,
            initial_epoch=initial_epoch)

    def evaluate_generator(self, generator, steps=None, callbacks=None,
                           max_queue_size=10, workers=1,
                           use_multiprocessing=False, verbose=0, **kwargs):
        """Evaluates on batches from a generator or `Sequence`."""
        [steps] = _keras2_arguments(kwargs, 'evaluate_generator', generator,
                                    steps=steps)
        self._check_compiled_or_deferred()
        return training_generator.evaluate_generator(
            self, generator, steps=steps, callbacks=callbacks,
            max_queue_size=max_queue_size, workers=workers,
            use_multiprocessing=use_multiprocessing, verbose=verbose)

    def predict_generator(self, generator, steps=None, callbacks=None,
                          max_queue_size=10, workers=1,
                          use_multiprocessing=False, verbose=0, **kwargs):
        """Predictions for batches from a generator or `Sequence`."""
        [steps] = _keras2_arguments(kwargs, 'predict_generator', generator,
                                    steps=steps)
        return training_generator.predict_generator(
            self, generator, steps=steps, callbacks=callbacks,
            max_queue_size=max_queue_size, workers=workers,
            use_multiprocessing=use_multiprocessing, verbose=verbose)
