"""Image files and arrays: loading and saving with Pillow, conversion between
PIL images and numpy arrays, and listing picture files."""
import io
import os
import re

import numpy as np

from keras.backend import config

try:
    from PIL import Image as pil_image
except ImportError:  # Pillow is optional until an image is loaded or saved.
    pil_image = None

_RESAMPLE_NAMES = ('nearest', 'bilinear', 'bicubic', 'hamming', 'box',
                   'lanczos')
_COLOR_MODES = ('grayscale', 'rgb', 'rgba')


def _require_pillow(caller):
    if pil_image is None:
        raise ImportError('%s requires Pillow (PIL); install it with '
                          '`pip install Pillow`.' % caller)


def _resample_filters():
    resampling = getattr(pil_image, 'Resampling', pil_image)
    return {name: getattr(resampling, name.upper())
            for name in _RESAMPLE_NAMES}


def _check_data_format(data_format):
    if data_format is None:
        data_format = config.image_data_format()
    if data_format not in ('channels_first', 'channels_last'):
        raise ValueError('Unknown data_format: %r; expected '
                         '"channels_first" or "channels_last".'
                         % (data_format,))
    return data_format


def load_img(path, grayscale=False, color_mode='rgb', target_size=None,
             interpolation='nearest'):
    """Loads an image into PIL format.

    Args:
        path: Path (or file-like object) of the image file.
        grayscale: Deprecated; `True` means `color_mode='grayscale'`.
        color_mode: One of "grayscale", "rgb", "rgba".
        target_size: `None` (original size) or `(height, width)`.
        interpolation: Resampling used when the size changes: "nearest",
            "bilinear", "bicubic", "hamming", "box" or "lanczos".

    Returns:
        A PIL Image instance.
    """
    if grayscale is True:
        color_mode = 'grayscale'
    if color_mode not in _COLOR_MODES:
        raise ValueError('color_mode must be "grayscale", "rgb" or "rgba"; '
                         'received %r.' % (color_mode,))
    _require_pillow('load_img')
    if isinstance(path, (str, bytes, os.PathLike)):
        with open(path, 'rb') as f:
            img = pil_image.open(io.BytesIO(f.read()))
    else:
        img = pil_image.open(path)
    wanted_mode = {'grayscale': ('L', 'I;16', 'I'), 'rgb': ('RGB',),
                   'rgba': ('RGBA',)}[color_mode]
    if img.mode not in wanted_mode:
        img = img.convert(wanted_mode[0])
    if target_size is not None:
        width_height = (target_size[1], target_size[0])
        if img.size != width_height:
            filters = _resample_filters()
            if interpolation not in filters:
                raise ValueError('Invalid interpolation method %r; supported '
                                 'methods are %s.' % (
                                     interpolation, ', '.join(filters)))
            img = img.resize(width_height, filters[interpolation])
    return img


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL Image to a 3D numpy array.

    Args:
        img: PIL Image instance.
        data_format: "channels_first" or "channels_last" (default: the
            backend's `image_data_format()`).
        dtype: Array dtype (default: the backend's `floatx()`).

    Returns:
        A 3D numpy array, `(rows, cols, channels)` or `(channels, rows,
        cols)`.
    """
    data_format = _check_data_format(data_format)
    if dtype is None:
        dtype = config.floatx()
    x = np.asarray(img, dtype=dtype)
    if x.ndim == 2:
        x = x[:, :, np.newaxis] if data_format == 'channels_last' \
            else x[np.newaxis]
    elif x.ndim == 3:
        if data_format == 'channels_first':
            x = x.transpose(2, 0, 1)
    else:
        raise ValueError('Unsupported image shape: %s; expected a 2D or 3D '
                         'image.' % (x.shape,))
    return x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3D numpy array to a PIL Image.

    Args:
        x: 3D array with 1 (grayscale), 3 (RGB) or 4 (RGBA) channels.
        data_format: "channels_first" or "channels_last" (default: the
            backend's `image_data_format()`).
        scale: Whether to rescale values to [0, 255] (min to 0, max to 255).
        dtype: Dtype of the intermediate array (default: `floatx()`).

    Returns:
        A PIL Image instance.
    """
    _require_pillow('array_to_img')
    data_format = _check_data_format(data_format)
    if dtype is None:
        dtype = config.floatx()
    x = np.asarray(x, dtype=dtype)
    if x.ndim != 3:
        raise ValueError('Expected image array to have rank 3 (single '
                         'image). Got array with shape: %s' % (x.shape,))
    if data_format == 'channels_first':
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x = x / x_max
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return pil_image.fromarray(x.astype('uint8'), 'RGBA')
    if channels == 3:
        return pil_image.fromarray(x.astype('uint8'), 'RGB')
    if channels == 1:
        if np.max(x) > 255:
            # 16/32-bit grayscale keeps its range in mode "I".
            return pil_image.fromarray(x[:, :, 0].astype('int32'), 'I')
        return pil_image.fromarray(x[:, :, 0].astype('uint8'), 'L')
    raise ValueError('Unsupported channel number: %d; expected 1, 3 or 4.'
                     % channels)


def save_img(path, x, data_format=None, file_format=None, scale=True,
             **kwargs):
    """Saves an image stored as a numpy array to a path or file object.

    Args:
        path: Path or file object.
        x: 3D numpy array.
        data_format: "channels_first" or "channels_last".
        file_format: Format for Pillow (e.g. "png"); `None` means inferred
            from the file extension.
        scale: Whether to rescale values to [0, 255].
        **kwargs: Passed to `PIL.Image.save`.
    """
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == 'RGBA' and (file_format == 'jpg' or file_format == 'jpeg'
                               or str(path).lower().endswith(('.jpg',
                                                              '.jpeg'))):
        # JPEG has no alpha channel.
        img = img.convert('RGB')
    if file_format == 'jpg':
        file_format = 'jpeg'
    img.save(path, format=file_format, **kwargs)


def list_pictures(directory, ext=('jpg', 'jpeg', 'bmp', 'png', 'ppm', 'tif',
                                  'tiff')):
    """Lists the picture files under `directory` (recursively).

    Args:
        directory: Top folder.
        ext: Extension or tuple of extensions of picture files.

    Returns:
        A list of paths.
    """
    if isinstance(ext, str):
        ext = (ext,)
    pattern = r'([\w]+\.(?:' + '|'.join(ext) + '))'
    return [os.path.join(root, f)
            for root, _, files in os.walk(directory) for f in files
            if re.match(pattern, f.lower())]
