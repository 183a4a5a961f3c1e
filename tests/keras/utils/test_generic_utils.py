import json

import numpy as np
import pytest

from keras.utils import generic_utils
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.generic_utils import check_for_unexpected_keys
from keras.utils.generic_utils import custom_object_scope
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import func_dump
from keras.utils.generic_utils import func_load
from keras.utils.generic_utils import get_custom_objects
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import is_all_none
from keras.utils.generic_utils import object_list_uid
from keras.utils.generic_utils import serialize_keras_object
from keras.utils.generic_utils import slice_arrays
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import transpose_shape
from keras.utils.generic_utils import unpack_singleton


class Scale(object):
    def __init__(self, factor=1.0, activation=None):
        self.factor = factor
        self.activation = activation

    def get_config(self):
        return {'factor': self.factor, 'activation': self.activation}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class NeedsCustomObjects(object):
    def __init__(self, seen):
        self.seen = seen

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(dict(custom_objects or {}))


def square(x):
    return x * x


@pytest.fixture(autouse=True)
def clean_registry():
    saved = dict(get_custom_objects())
    get_custom_objects().clear()
    yield
    get_custom_objects().clear()
    get_custom_objects().update(saved)


def test_custom_object_scope_restores_registry():
    get_custom_objects()['keep'] = 1
    with custom_object_scope({'Scale': Scale}, {'square': square}) as scope:
        assert isinstance(scope, CustomObjectScope)
        assert get_custom_objects()['Scale'] is Scale
        assert get_custom_objects()['square'] is square
        # Objects added inside the scope disappear with it too.
        get_custom_objects()['temporary'] = 2
    assert get_custom_objects() == {'keep': 1}


def test_get_custom_objects_is_the_live_registry():
    get_custom_objects()['Scale'] = Scale
    assert deserialize_keras_object('Scale') is Scale


def test_serialize_object_with_config_and_function():
    assert serialize_keras_object(None) is None
    assert serialize_keras_object(square) == 'square'
    assert serialize_keras_object(Scale(2.0)) == {
        'class_name': 'Scale', 'config': {'factor': 2.0, 'activation': None}}
    with pytest.raises(ValueError):
        serialize_keras_object(3)


def test_nested_object_round_trip_is_passive():
    config = serialize_keras_object(Scale(2.0, activation=Scale(3.0)))
    inner = config['config']['activation']
    assert inner['__passive_serialization__'] is True
    restored = deserialize_keras_object(config,
                                        module_objects={'Scale': Scale})
    assert isinstance(restored.activation, Scale)
    assert restored.activation.factor == 3.0


def test_deserialize_lookup_order_and_errors():
    class Other(Scale):
        pass
    module_objects = {'Scale': Scale}
    config = {'class_name': 'Scale', 'config': {'factor': 4.0}}
    assert type(deserialize_keras_object(config, module_objects)) is Scale
    # custom_objects win over the module's own objects.
    obj = deserialize_keras_object(config, module_objects,
                                   custom_objects={'Scale': Other})
    assert type(obj) is Other
    with CustomObjectScope({'Scale': Other}):
        assert type(deserialize_keras_object(config, module_objects)) is Other
    assert deserialize_keras_object(None) is None
    assert deserialize_keras_object('square', {'square': square}) is square

    with pytest.raises(ValueError, match='Unknown activation: nope'):
        deserialize_keras_object('nope', {}, printable_module_name='activation')
    with pytest.raises(ValueError, match='Unknown layer: Missing'):
        deserialize_keras_object({'class_name': 'Missing', 'config': {}}, {},
                                 printable_module_name='layer')
    with pytest.raises(ValueError, match='Improper config format'):
        deserialize_keras_object({'config': {}}, {})
    with pytest.raises(ValueError, match='Could not interpret'):
        deserialize_keras_object(3.5, {})


def test_deserialize_passes_custom_objects_to_from_config():
    get_custom_objects()['global_fn'] = square
    obj = deserialize_keras_object(
        {'class_name': 'NeedsCustomObjects', 'config': {}},
        custom_objects={'NeedsCustomObjects': NeedsCustomObjects,
                        'extra': len})
    assert obj.seen['extra'] is len
    assert obj.seen['global_fn'] is square


def test_deserialize_factory_function_gets_config_as_kwargs():
    def make(factor):
        return Scale(factor * 2)
    obj = deserialize_keras_object({'class_name': 'make',
                                    'config': {'factor': 2}},
                                   module_objects={'make': make})
    assert obj.factor == 4


def test_func_dump_and_load_round_trip_through_json():
    offset = 10

    def add(x, y=3):
        return x + y + offset

    code, defaults, closure = func_dump(add)
    assert isinstance(code, str)
    # A Lambda config goes through JSON, which turns tuples into lists.
    payload = json.loads(json.dumps([code, defaults, closure]))
    restored = func_load(payload)
    assert restored(1) == 14
    assert restored(1, 1) == 12
    assert restored.__name__ == 'add'
    separate = func_load(code, defaults=list(defaults), closure=closure)
    assert separate(2) == 15


def test_func_load_uses_given_globals():
    code = func_dump(lambda x: np.sum(x))[0]
    fn = func_load(code, globs={'np': np})
    assert fn([1, 2, 3]) == 6


def test_has_arg():
    def f(a, b=1, *args, c=2, **kwargs):
        pass

    def g(a):
        pass
    assert has_arg(f, 'a')
    assert has_arg(f, 'c')
    assert not has_arg(f, 'args')
    assert not has_arg(f, 'missing')
    assert has_arg(f, 'missing', accept_all=True)
    assert not has_arg(g, 'missing', accept_all=True)
    assert generic_utils.getargspec(g).args == ['a']


def test_list_helpers():
    assert to_list(1) == [1]
    assert to_list([1]) == [1]
    assert to_list((1, 2)) == [(1, 2)]
    assert to_list((1, 2), allow_tuple=True) == [1, 2]
    assert unpack_singleton([5]) == 5
    assert unpack_singleton([5, 6]) == [5, 6]
    a, b = object(), object()
    assert object_list_uid([a, b]) == '%d, %d' % (id(a), id(b))
    assert object_list_uid(a) == str(id(a))
    assert is_all_none(None)
    assert is_all_none([None, None])
    assert is_all_none((None,))
    assert not is_all_none([None, 0])


def test_slice_arrays():
    x = np.arange(10)
    y = np.arange(10) * 2
    assert slice_arrays(None) == [None]
    np.testing.assert_array_equal(slice_arrays(x, 2, 5), [2, 3, 4])
    parts = slice_arrays([x, None, y], 1, 3)
    np.testing.assert_array_equal(parts[0], [1, 2])
    assert parts[1] is None
    np.testing.assert_array_equal(parts[2], [2, 4])
    # start may be an index array (shuffled batches); stop is then ignored.
    index = np.array([3, 0, 7])
    np.testing.assert_array_equal(slice_arrays(x, index), [3, 0, 7])
    np.testing.assert_array_equal(slice_arrays([y], [1, 2])[0], [2, 4])
    assert slice_arrays(5, 0, 1) == [None]


def test_transpose_shape():
    assert transpose_shape((2, 3, 4, 5), 'channels_first', [1, 2]) == \
        (2, 5, 3, 4)
    assert transpose_shape([2, 3, 4, 5], 'channels_first', [1, 2]) == \
        [2, 5, 3, 4]
    assert transpose_shape((2, 3, 5), 'channels_last', [1]) == (2, 3, 5)
    with pytest.raises(ValueError, match='data_format'):
        transpose_shape((1, 2), 'channels_middle', [0])


def test_check_for_unexpected_keys():
    check_for_unexpected_keys('loss', {'a': 1}, ['a', 'b'])
    with pytest.raises(ValueError, match=r"Unknown entries in loss "
                                         r"dictionary: \['c'\]"):
        check_for_unexpected_keys('loss', {'a': 1, 'c': 2}, ['a', 'b'])
