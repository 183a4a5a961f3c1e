"""Geometric and intensity transforms of single images: affine transforms
through scipy.ndimage, their random versions, channel shifts, brightness
through Pillow, and flips."""
import numpy as np

from keras.preprocessing.image.utils import array_to_img
from keras.preprocessing.image.utils import img_to_array

try:
    from scipy import ndimage
except ImportError:  # SciPy is optional until a geometric transform runs.
    ndimage = None

try:
    from PIL import ImageEnhance
except ImportError:
    ImageEnhance = None

FILL_MODES = ('constant', 'nearest', 'reflect', 'wrap')


def _uniform(low, high):
    return np.random.uniform(low, high)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0,
                    fill_mode='nearest', cval=0., interpolation_order=1):
    """Rotates a 3D image by an angle drawn uniformly from `[-rg, rg]`
    degrees."""
    theta = _uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis,
                                  col_axis=col_axis,
                                  channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode='nearest', cval=0., interpolation_order=1):
    """Shifts a 3D image by fractions drawn from `[-hrg, hrg]` of its height
    and `[-wrg, wrg]` of its width."""
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = _uniform(-hrg, hrg) * h
    ty = _uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis,
                                  col_axis=col_axis,
                                  channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode='nearest', cval=0., interpolation_order=1):
    """Shears a 3D image by an angle drawn from `[-intensity, intensity]`
    degrees."""
    shear = _uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis,
                                  col_axis=col_axis,
                                  channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0,
                fill_mode='nearest', cval=0., interpolation_order=1):
    """Zooms a 3D image by factors drawn independently for rows and columns
    from `zoom_range = (lower, upper)`."""
    if len(zoom_range) != 2:
        raise ValueError('`zoom_range` should be a tuple or list of two '
                         'floats. Received: %s' % (zoom_range,))
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis,
                                  col_axis=col_axis,
                                  channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0):
    """Adds `intensity` to every channel, clipped to the image's original
    minimum and maximum."""
    x = np.moveaxis(x, channel_axis, 0)
    min_x, max_x = np.min(x), np.max(x)
    shifted = np.clip(x + intensity, min_x, max_x)
    return np.moveaxis(shifted, 0, channel_axis)


def random_channel_shift(x, intensity_range, channel_axis=0):
    """Channel shift by an intensity drawn from `[-intensity_range,
    intensity_range]`."""
    intensity = _uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def apply_brightness_shift(x, brightness):
    """Scales brightness with Pillow's `ImageEnhance.Brightness` (1.0 keeps
    the image). The image goes through `array_to_img` (backend data
    format, scaled), so values come back in [0, 255]."""
    return _brightness_shift(x, brightness, data_format=None)


def _brightness_shift(x, brightness, data_format):
    if ImageEnhance is None:
        raise ImportError('apply_brightness_shift requires Pillow (PIL); '
                          'install it with `pip install Pillow`.')
    img = array_to_img(x, data_format=data_format)
    img = ImageEnhance.Brightness(img).enhance(brightness)
    return img_to_array(img, data_format=data_format)


def random_brightness(x, brightness_range):
    """Brightness shift by a factor drawn from `brightness_range = (lower,
    upper)`."""
    if len(brightness_range) != 2:
        raise ValueError('`brightness_range should be tuple or list of two '
                         'floats. Received: %s' % (brightness_range,))
    brightness = _uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, brightness)


def flip_axis(x, axis):
    """Reverses `x` along `axis`."""
    return np.ascontiguousarray(np.flip(np.asarray(x), axis))


def _transform_matrix(theta, tx, ty, shear, zx, zy):
    """3x3 matrix mapping output (row, col) to input coordinates, or None
    for the identity."""
    matrix = None
    if theta != 0:
        t = np.deg2rad(theta)
        matrix = np.array([[np.cos(t), -np.sin(t), 0],
                           [np.sin(t), np.cos(t), 0],
                           [0, 0, 1]])
    if tx != 0 or ty != 0:
        shift = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        matrix = shift if matrix is None else matrix @ shift
    if shear != 0:
        s = np.deg2rad(shear)
        shear_matrix = np.array([[1, -np.sin(s), 0],
                                 [0, np.cos(s), 0],
                                 [0, 0, 1]])
        matrix = shear_matrix if matrix is None else matrix @ shear_matrix
    if zx != 1 or zy != 1:
        zoom = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
        matrix = zoom if matrix is None else matrix @ zoom
    return matrix


def _about_center(matrix, rows, cols):
    # Pixel centres run from 0 to n - 1, so the image centre is (n - 1) / 2;
    # this makes a 90 degree rotation of a square image exactly np.rot90.
    center_r, center_c = (rows - 1) / 2., (cols - 1) / 2.
    to_center = np.array([[1, 0, center_r], [0, 1, center_c], [0, 0, 1]])
    from_center = np.array([[1, 0, -center_r], [0, 1, -center_c],
                            [0, 0, 1]])
    return to_center @ matrix @ from_center


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1,
                           row_axis=0, col_axis=1, channel_axis=2,
                           fill_mode='nearest', cval=0., order=1):
    """Applies an affine transform about the image centre to a 3D image.

    Args:
        x: 3D numpy array, a single image.
        theta: Rotation angle in degrees.
        tx: Shift along the row axis, in pixels (positive moves content up).
        ty: Shift along the column axis, in pixels (positive moves content
            left).
        shear: Shear angle in degrees.
        zx: Zoom factor along rows (above 1 shrinks the content).
        zy: Zoom factor along columns.
        row_axis, col_axis, channel_axis: Axes of `x`.
        fill_mode: Points outside the input: "constant", "nearest",
            "reflect" or "wrap" (as `scipy.ndimage`).
        cval: Value outside the input when `fill_mode="constant"`.
        order: Spline interpolation order (0 to 5).

    Returns:
        The transformed image, same shape as `x`.
    """
    if ndimage is None:
        raise ImportError('Image transformations require SciPy; install it '
                          'with `pip install scipy`.')
    if fill_mode not in FILL_MODES:
        raise ValueError('fill_mode must be one of %s; received %r.'
                         % (FILL_MODES, fill_mode))
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError('apply_affine_transform expects a 3D image; '
                         'received an array of shape %s.' % (x.shape,))
    matrix = _transform_matrix(theta, tx, ty, shear, zx, zy)
    if matrix is None:
        return x
    axes = [a % 3 for a in (channel_axis, row_axis, col_axis)]
    if len(set(axes)) != 3:
        raise ValueError('row_axis, col_axis and channel_axis must be three '
                         'different axes; received %s.' % (axes,))
    channels_first = np.moveaxis(x, axes, (0, 1, 2))
    matrix = _about_center(matrix, channels_first.shape[1],
                           channels_first.shape[2])
    transformed = np.stack([
        ndimage.affine_transform(channel, matrix[:2, :2],
                                 offset=matrix[:2, 2], order=order,
                                 mode=fill_mode, cval=cval)
        for channel in channels_first])
    return np.moveaxis(transformed, (0, 1, 2), axes)
