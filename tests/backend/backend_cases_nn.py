"""Conformance table: activations, losses, normalization, padding and
resizing, loops over the first axis."""
import numpy as np

import keras.backend as K
from backend_harness import Case
from backend_harness import integers
from backend_harness import one_hot_rows
from backend_harness import positive
from backend_harness import probabilities
from backend_harness import signed

A = signed(2, 3)
C = signed(2, 3, 4)
WIDE = signed(2, 3) * 3
LOGITS = signed(4, 3)
TARGETS = one_hot_rows(4, 3)
PROBS = probabilities(4, 3)
IMAGE = signed(2, 2, 3, 1)
IMAGE_CF = signed(2, 1, 2, 3)
VOLUME = signed(1, 2, 2, 2, 1)

CASES = [
    Case('relu', A),
    Case('relu', A, alpha=0.1, id='alpha'),
    Case('relu', A, max_value=0.8, id='max-value'),
    Case('relu', WIDE, max_value=6., id='relu6'),
    Case('relu', A, threshold=0.5, id='threshold'),
    Case('relu', A, 0.2, 1., 0.3, id='alpha-max-threshold'),
    Case('elu', A),
    Case('elu', A, 0.5, id='alpha'),
    Case('softmax', A),
    Case('softmax', C, axis=1, id='axis1'),
    Case('softmax', C, 0, id='axis0'),
    Case('softplus', WIDE),
    Case('softsign', A),
    Case('sigmoid', WIDE),
    Case('hard_sigmoid', WIDE),
    Case('tanh', WIDE),
    Case('categorical_crossentropy', TARGETS, PROBS),
    Case('categorical_crossentropy', TARGETS, LOGITS, from_logits=True,
         id='logits'),
    Case('categorical_crossentropy', probabilities(2, 3, 4, axis=1),
         probabilities(2, 3, 4, axis=1), axis=1, id='axis1'),
    Case('categorical_crossentropy', probabilities(2, 3, 4),
         probabilities(2, 3, 4), id='3d'),
    Case('sparse_categorical_crossentropy', integers(4, high=3), PROBS),
    Case('sparse_categorical_crossentropy', integers(4, 1, high=3), PROBS,
         id='column-targets'),
    Case('sparse_categorical_crossentropy', integers(4, high=3), LOGITS,
         from_logits=True, id='logits'),
    Case('sparse_categorical_crossentropy', integers(2, 3, high=4),
         probabilities(2, 3, 4), id='3d'),
    Case('sparse_categorical_crossentropy', integers(2, 3, high=4),
         probabilities(2, 4, 3, axis=1), axis=1, id='axis1'),
    Case('binary_crossentropy', positive(4, 3, low=0., high=1.),
         positive(4, 3, low=0.05, high=0.95)),
    Case('binary_crossentropy', positive(4, 3, low=0., high=1.), LOGITS,
         from_logits=True, id='logits'),
    Case('l2_normalize', A, axis=-1),
    Case('l2_normalize', C, axis=[1, 2], id='list'),
    Case('l2_normalize', A, id='all'),
    Case('bias_add', A, signed(3)),
    Case('bias_add', signed(2, 3, 3, 2), signed(2), id='4d', batched=(0,)),
    Case('bias_add', signed(2, 3, 2, 2), signed(3),
         data_format='channels_first', id='channels-first'),
    Case('bias_add', signed(2, 3, 4), signed(3),
         data_format='channels_first', id='channels-first-3d'),
    Case('bias_add', signed(2, 4, 2, 3), signed(2, 3, 4),
         data_format='channels_first', id='channels-first-full-bias',
         batched=(0,)),
    Case('bias_add', signed(2, 2, 3, 4), signed(2, 3, 4),
         id='full-bias', batched=(0,)),
    Case('in_top_k', signed(4, 5), integers(4, high=5), 2),
    Case('in_top_k', signed(4, 5), integers(4, high=5), 1, id='k1'),
    Case('dropout', A, 0., id='level0'),
    Case('batch_normalization', signed(4, 3), signed(3), positive(3),
         signed(3), positive(3)),
    Case('batch_normalization', signed(2, 3, 2), signed(3), positive(3),
         signed(3), positive(3), axis=1, epsilon=0.01, id='axis1'),
    Case('batch_normalization', signed(4, 3), signed(3), positive(3),
         None, None, id='no-beta-gamma'),
    Case('normalize_batch_in_training', signed(4, 3), positive(3),
         signed(3), [0]),
    Case('normalize_batch_in_training', signed(2, 2, 2, 3), positive(3),
         signed(3), [0, 1, 2], id='4d'),
    Case('normalize_batch_in_training', signed(2, 3, 2, 2), positive(3),
         signed(3), [0, 2, 3], id='channels-first'),
    Case('normalize_batch_in_training', signed(4, 3), None, None, [0],
         epsilon=0.01, id='no-beta-gamma'),
    Case('temporal_padding', C),
    Case('temporal_padding', C, (2, 0), id='asymmetric'),
    Case('spatial_2d_padding', IMAGE),
    Case('spatial_2d_padding', IMAGE, ((0, 1), (2, 0)), id='asymmetric'),
    Case('spatial_2d_padding', IMAGE_CF, ((1, 0), (0, 2)),
         data_format='channels_first', id='channels-first'),
    Case('spatial_3d_padding', VOLUME),
    Case('spatial_3d_padding', signed(1, 1, 2, 2, 2),
         ((1, 0), (0, 1), (1, 1)), 'channels_first', id='channels-first'),
    Case('resize_images', IMAGE, 2, 3, 'channels_last'),
    Case('resize_images', IMAGE_CF, 3, 2, 'channels_first',
         id='channels-first'),
    Case('resize_images', IMAGE, 2, 2, 'channels_last', 'bilinear',
         id='bilinear'),
    Case('resize_images', IMAGE_CF, 2, 3, 'channels_first',
         interpolation='bilinear', id='bilinear-channels-first'),
    Case('resize_volumes', VOLUME, 2, 1, 2, 'channels_last'),
    Case('resize_volumes', signed(1, 1, 2, 2, 2), 1, 2, 2,
         'channels_first', id='channels-first'),
    Case('map_fn', lambda row: K.sum(row * row), A),
    Case('map_fn', lambda row: K.softmax(row), C, id='matrix'),
    Case('map_fn', lambda row: row > 0, A, id='bool'),
    Case('map_fn', lambda row: row * 2, A, dtype='float64', id='dtype'),
    Case('foldl', lambda acc, row: acc + row * row, C),
    Case('foldl', lambda acc, row: acc * 0.5 + row, A, signed(3),
         id='initializer'),
    Case('foldr', lambda acc, row: acc * 0.5 + row, A),
    Case('foldr', lambda acc, row: K.maximum(acc, row), C,
         np.zeros((3, 4), 'float32'), id='zeros-initializer'),
    Case('print_tensor', A, 'conformance print: '),
]
