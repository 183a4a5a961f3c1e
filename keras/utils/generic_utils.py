"""Python utilities shared by the whole library: the custom-object registry,
(de)serialisation of Keras objects, function marshalling for `Lambda`,
argument introspection, the `Progbar` progress bar and small list helpers.

Nothing here needs the backend, so the module imports on its own.
"""
import codecs
import inspect
import marshal
import sys
import time
import types

import numpy as np

from keras.utils import bytecode_utils


# The registry consulted by every `deserialize` call. It is a module-level
# dict (not a class attribute) because user code mutates it in place through
# `get_custom_objects()`.
_GLOBAL_CUSTOM_OBJECTS = {}


class CustomObjectScope(object):
    """Makes custom objects visible to deserialisation inside a `with` block.

    Objects added to the global registry while the scope is active are
    removed again when it exits: the registry is restored as it was.

    # Arguments
        *args: Dictionaries mapping names (strings) to classes or functions.

    # Example

    ```python
    with CustomObjectScope({'MyObject': MyObject}):
        layer = Dense(..., kernel_regularizer='MyObject')
    ```
    """

    def __init__(self, *args):
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = dict(_GLOBAL_CUSTOM_OBJECTS)
        for objects in self.custom_objects:
            _GLOBAL_CUSTOM_OBJECTS.update(objects or {})
        return self

    def __exit__(self, *exc_info):
        _GLOBAL_CUSTOM_OBJECTS.clear()
        _GLOBAL_CUSTOM_OBJECTS.update(self.backup)


def custom_object_scope(*args):
    """Returns a `CustomObjectScope`, for use as `with custom_object_scope(...)`.

    # Arguments
        *args: Dictionaries mapping names to custom classes or functions.

    # Returns
        A `CustomObjectScope` instance.
    """
    return CustomObjectScope(*args)


def get_custom_objects():
    """Returns the global dictionary of custom objects (mutable in place).

    # Example

    ```python
    get_custom_objects().clear()
    get_custom_objects()['MyObject'] = MyObject
    ```
    """
    return _GLOBAL_CUSTOM_OBJECTS


def serialize_keras_object(instance):
    """Serialises a Keras object to `{'class_name': ..., 'config': ...}`.

    Objects without `get_config` (plain functions) serialise to their
    `__name__`. Config values that are themselves serialisable Keras objects
    (for example a custom activation passed to a layer) are serialised too and
    marked `__passive_serialization__` so that deserialisation restores them.

    # Raises
        ValueError: if the object can be neither configured nor named.
    """
    if instance is None:
        return None
    if hasattr(instance, 'get_config'):
        config = {}
        for key, item in instance.get_config().items():
            if isinstance(item, str):
                config[key] = item
                continue
            try:
                serialized_item = serialize_keras_object(item)
            except ValueError:
                config[key] = item
                continue
            if isinstance(serialized_item, dict) and not isinstance(item, dict):
                serialized_item['__passive_serialization__'] = True
            config[key] = serialized_item
        return {'class_name': instance.__class__.__name__, 'config': config}
    if hasattr(instance, '__name__'):
        return instance.__name__
    raise ValueError('Cannot serialize', instance)


def _lookup_custom_or_module_object(name, module_objects, custom_objects):
    """Resolves a name: explicit custom objects, then the global registry,
    then the module's own objects. Returns None when the name is unknown."""
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    return (module_objects or {}).get(name)


def unknown_object_message(printable_module_name, name):
    """'Unknown layer: MyLayer.' followed by the ways to make a custom
    class or function known to deserialisation."""
    example = '{%r: %s}' % (name, name if name.isidentifier() else '...')
    return ('Unknown {kind}: {name}. If {name} is a custom class or '
            'function, pass it when loading, as in '
            '`keras.models.load_model(filepath, custom_objects={example})` '
            '(`model_from_json`, `model_from_yaml`, `model_from_config` and '
            '`layers.deserialize` take the same `custom_objects` argument), '
            'or make it known for a block of code with '
            '`with keras.utils.CustomObjectScope({example}):`, or for the '
            'whole session with '
            '`keras.utils.get_custom_objects()[{key}] = {name}`.'.format(
                kind=printable_module_name, name=name, example=example,
                key=repr(name)))


def class_and_config_for_serialized_keras_object(
        config, module_objects=None, custom_objects=None,
        printable_module_name='object'):
    """Returns the class named by a serialised config and its inner config,
    with passively serialised config items already deserialised."""
    if (not isinstance(config, dict) or 'class_name' not in config or
            'config' not in config):
        raise ValueError('Improper config format: ' + str(config))
    class_name = config['class_name']
    cls = _lookup_custom_or_module_object(class_name, module_objects,
                                          custom_objects)
    if cls is None:
        raise ValueError(unknown_object_message(printable_module_name,
                                                class_name))
    cls_config = config['config']
    if isinstance(cls_config, dict):
        cls_config = dict(cls_config)
        for key, item in cls_config.items():
            if isinstance(item, dict) and '__passive_serialization__' in item:
                cls_config[key] = deserialize_keras_object(
                    item, module_objects=module_objects,
                    custom_objects=custom_objects,
                    printable_module_name='config_item')
    return cls, cls_config


def deserialize_keras_object(identifier, module_objects=None,
                             custom_objects=None,
                             printable_module_name='object'):
    """Turns a serialised Keras object (config dict or name) back into an object.

    # Arguments
        identifier: `None`, a `{'class_name', 'config'}` dict or a name.
        module_objects: dict of the objects the calling module knows by name.
        custom_objects: dict of user objects, searched first.
        printable_module_name: what to call the object in error messages.

    # Returns
        An instance (from a config dict) or the named class or function.

    # Raises
        ValueError: `Unknown <printable_module_name>: <name>` for an unknown
            name, or when the identifier cannot be interpreted.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        cls, cls_config = class_and_config_for_serialized_keras_object(
            identifier, module_objects, custom_objects, printable_module_name)
        custom_objects = custom_objects or {}
        if hasattr(cls, 'from_config'):
            if has_arg(cls.from_config, 'custom_objects'):
                merged = dict(_GLOBAL_CUSTOM_OBJECTS)
                merged.update(custom_objects)
                return cls.from_config(cls_config, custom_objects=merged)
            with CustomObjectScope(custom_objects):
                return cls.from_config(cls_config)
        # A factory function: by convention its config holds its kwargs.
        with CustomObjectScope(custom_objects):
            return cls(**cls_config)
    if isinstance(identifier, str):
        obj = _lookup_custom_or_module_object(identifier, module_objects,
                                              custom_objects)
        if obj is None:
            raise ValueError(unknown_object_message(printable_module_name,
                                                    identifier))
        return obj
    raise ValueError('Could not interpret serialized ' +
                     printable_module_name + ': ' + str(identifier))


def get_from_identifier(identifier, deserialize, printable_module_name):
    """What the `get` of initializers, constraints and regularizers returns
    for an identifier: a config dict deserialised, a name as its class (or
    function) called with no arguments, a callable as is.

    # Arguments
        deserialize: the module's `deserialize`.
        printable_module_name: what to call the object in error messages.

    # Raises
        ValueError: for anything else.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({'class_name': identifier, 'config': {}})
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret ' + printable_module_name +
                     ' identifier: ' + str(identifier))


def func_dump(func):
    """Serialises a Python function (as Keras 2 does for `Lambda` layers).

    # Returns
        A tuple `(code, defaults, closure)`: base64 text of the marshalled
        bytecode, the default values and the closure cell contents.
    """
    raw_code = marshal.dumps(func.__code__)
    code = codecs.encode(raw_code, 'base64').decode('ascii')
    defaults = func.__defaults__
    if func.__closure__:
        closure = tuple(cell.cell_contents for cell in func.__closure__)
    else:
        closure = None
    return code, defaults, closure


def func_load(code, defaults=None, closure=None, globs=None):
    """Rebuilds a function serialised by `func_dump`.

    # Arguments
        code: the bytecode text, or the whole `(code, defaults, closure)`
            tuple (or list, as it comes back from JSON).
        defaults: default values of the function's arguments.
        closure: values of the closure cells.
        globs: globals the function sees (defaults to this module's).

    # Returns
        The function.

    # Raises
        ValueError: when the bytecode cannot run on this Python version
            (Keras 2 did not record which version wrote it, so the message
            says it was probably another one), or when the defaults and
            closure do not fit the code.
    """
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(value if isinstance(value, types.CellType)
                        else types.CellType(value) for value in closure)
    code = bytecode_utils.load_marshalled_code(code)
    if globs is None:
        globs = globals()
    try:
        return types.FunctionType(code, globs, name=code.co_name,
                                  argdefs=defaults, closure=closure)
    except (TypeError, ValueError) as error:
        raise ValueError(
            'Cannot rebuild the function %r from its bytecode with the '
            'saved defaults %r and closure values %s: %s. The saved '
            'function does not match its code; it was probably written by '
            'another Python version (this is Python %s).' % (
                code.co_name, defaults,
                None if closure is None else len(closure), error,
                bytecode_utils.python_version()))


def forwarded_arguments(local_variables):
    """The arguments of an `__init__`, from its `locals()` taken first
    thing: `self` dropped and `**kwargs` merged in. Layers keep 2.3.1's
    explicit signatures (users and `inspect` read them) and hand everything
    on to their base class with this."""
    arguments = dict(local_variables)
    arguments.pop('self', None)
    arguments.pop('__class__', None)
    arguments.update(arguments.pop('kwargs', {}))
    return arguments


def getargspec(fn):
    """Returns `inspect.getfullargspec(fn)` (kept for old import paths)."""
    return inspect.getfullargspec(fn)


def has_arg(fn, name, accept_all=False):
    """Tells whether `fn` can be called with the keyword argument `name`.

    # Arguments
        fn: callable to inspect.
        name: the keyword argument name.
        accept_all: if True, a `**kwargs` parameter also counts as a yes.

    # Returns
        bool.
    """
    parameters = inspect.signature(fn).parameters
    parameter = parameters.get(name)
    if parameter is None:
        return accept_all and any(p.kind == inspect.Parameter.VAR_KEYWORD
                                  for p in parameters.values())
    return parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              inspect.Parameter.KEYWORD_ONLY)


class Progbar(object):
    """Displays a progress bar.

    # Arguments
        target: total number of steps expected, None if unknown.
        width: progress bar width on screen.
        verbose: 0 (silent), 1 (bar updated in place) or 2 (one line when
            the target is reached).
        interval: minimum seconds between two refreshes of the bar.
        stateful_metrics: names of metrics shown as given (their last value)
            rather than averaged over the samples seen so far.
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05,
                 stateful_metrics=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.stateful_metrics = set(stateful_metrics or ())
        # Redrawing in place with \b and \r only works on a terminal or in a
        # notebook; in a log file every refresh goes on its own line.
        self._dynamic_display = (
            (hasattr(sys.stdout, 'isatty') and sys.stdout.isatty()) or
            'ipykernel' in sys.modules)
        self._total_width = 0
        self._seen_so_far = 0
        # name -> [weighted sum, total weight] (averaged metrics) or
        # [value, 1] (stateful metrics); insertion order is display order.
        self._values = {}
        self._start = time.time()
        self._last_update = 0

    def update(self, current, values=None):
        """Updates the progress bar.

        # Arguments
            current: index of the current step (samples or batches seen).
            values: list of `(name, value)` tuples. Values of metrics not in
                `stateful_metrics` are averaged, weighted by the number of
                steps since the previous update.
        """
        self._accumulate(current, values or [])
        self._seen_so_far = current

        now = time.time()
        if self.verbose == 1:
            if (now - self._last_update < self.interval and
                    self.target is not None and current < self.target):
                return
            self._write_bar(current, now)
        elif self.verbose == 2:
            if self.target is None or current >= self.target:
                info = ' - %.0fs' % (now - self._start)
                info += self._format_values(compare_abs=False)
                sys.stdout.write(info + '\n')
                sys.stdout.flush()
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    def _accumulate(self, current, values):
        steps = current - self._seen_so_far
        for name, value in values:
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]
            elif name in self._values:
                self._values[name][0] += value * steps
                self._values[name][1] += steps
            elif steps > 0:
                self._values[name] = [value * steps, steps]
            else:
                # A metric first reported with no new steps (e.g. val_loss at
                # the end of an epoch whose last batch was already counted)
                # is shown as given instead of as a zero-weight average.
                self._values[name] = [value, 1]

    def _format_values(self, compare_abs=True):
        info = ''
        for name, (total, count) in self._values.items():
            info += ' - %s:' % name
            average = np.mean(total / max(1, count))
            # verbose=2 in Keras 2 compares the signed value, so negative
            # metrics use exponent notation there; kept for identical output.
            magnitude = abs(average) if compare_abs else average
            if magnitude > 1e-3:
                info += ' %.4f' % average
            else:
                info += ' %.4e' % average
        return info

    def _write_bar(self, current, now):
        previous_width = self._total_width
        if self._dynamic_display:
            sys.stdout.write('\b' * previous_width)
            sys.stdout.write('\r')
        else:
            sys.stdout.write('\n')

        bar = self._bar_text(current)
        self._total_width = len(bar)
        sys.stdout.write(bar)

        time_per_unit = (now - self._start) / current if current else 0
        if self.target is not None and current < self.target:
            eta = time_per_unit * (self.target - current)
            info = ' - ETA: %s' % _format_eta(eta)
        else:
            info = ' - %.0fs' % (now - self._start)
            if time_per_unit >= 1:
                info += ' %.0fs/step' % time_per_unit
            elif time_per_unit >= 1e-3:
                info += ' %.0fms/step' % (time_per_unit * 1e3)
            else:
                info += ' %.0fus/step' % (time_per_unit * 1e6)
        info += self._format_values()

        self._total_width += len(info)
        if previous_width > self._total_width:
            # Blank out the tail of a longer previous line redrawn in place.
            info += ' ' * (previous_width - self._total_width)
        if self.target is not None and current >= self.target:
            info += '\n'
        sys.stdout.write(info)
        sys.stdout.flush()


    def _bar_text(self, current):
        """'12/100 [==>.....]' (digits padded to the target's width)."""
        if self.target is None:
            return '%7d/Unknown' % current
        if self.target > 0:
            digits = int(np.floor(np.log10(self.target))) + 1
            filled = int(self.width * (float(current) / self.target))
        else:
            digits, filled = 1, self.width
        filled = min(filled, self.width)
        bar = ('%' + str(digits) + 'd/%d [') % (current, self.target)
        if filled > 0:
            bar += '=' * (filled - 1)
            bar += '>' if current < self.target else '='
        return bar + '.' * (self.width - filled) + ']'


def _format_eta(eta):
    if eta > 3600:
        return '%d:%02d:%02d' % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return '%d:%02d' % (eta // 60, eta % 60)
    return '%ds' % eta


def to_list(x, allow_tuple=False):
    """Wraps `x` in a list unless it is one already.

    # Arguments
        x: anything.
        allow_tuple: if True, a tuple is converted to a list rather than
            wrapped.

    # Returns
        A list.
    """
    if isinstance(x, list):
        return x
    if allow_tuple and isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x):
    """Returns `x[0]` if `x` has exactly one element, else `x` unchanged."""
    if len(x) == 1:
        return x[0]
    return x


def object_list_uid(object_list):
    """A string identifying a list of objects by their ids (cache keys)."""
    return ', '.join(str(abs(id(x))) for x in to_list(object_list))


def is_all_none(iterable_or_element):
    """True if the argument is None or a list/tuple of Nones only."""
    return all(element is None
               for element in to_list(iterable_or_element, allow_tuple=True))


def slice_arrays(arrays, start=None, stop=None):
    """Slices an array or a list of arrays (None entries stay None).

    `start` may also be an array or list of indices, in which case the
    arrays are indexed with it and `stop` is ignored. Index arrays are
    converted to lists because HDF5 datasets accept only lists.

    # Returns
        The slice(s): a list when `arrays` is a list, else a single array.
    """
    if arrays is None:
        return [None]
    if hasattr(start, '__len__'):
        if hasattr(start, 'shape'):
            start = start.tolist()
        index = start
    else:
        index = slice(start, stop)
    if isinstance(arrays, list):
        return [None if x is None else x[index] for x in arrays]
    if hasattr(arrays, '__getitem__'):
        return arrays[index]
    return [None]


def transpose_shape(shape, target_format, spatial_axes):
    """Converts a channels-last shape to `target_format`.

    # Arguments
        shape: tuple or list, in channels-last order.
        target_format: 'channels_first' or 'channels_last'.
        spatial_axes: indices of the spatial axes in `shape`.

    # Returns
        The shape in the target format, of the same type (tuple or list).

    # Raises
        ValueError: for an unknown `target_format`.
    """
    if target_format == 'channels_first':
        new_values = tuple(shape[:spatial_axes[0]])
        new_values += (shape[-1],)
        new_values += tuple(shape[axis] for axis in spatial_axes)
        if isinstance(shape, list):
            return list(new_values)
        return new_values
    if target_format == 'channels_last':
        return shape
    raise ValueError('The `data_format` argument must be one of '
                     '"channels_first", "channels_last". Received: ' +
                     str(target_format))


def check_for_unexpected_keys(name, input_dict, expected_values):
    """Raises ValueError if `input_dict` has keys outside `expected_values`."""
    unknown = set(input_dict.keys()).difference(expected_values)
    if unknown:
        raise ValueError('Unknown entries in {} dictionary: {}. Only expected '
                         'following keys: {}'.format(name, list(unknown),
                                                     expected_values))
