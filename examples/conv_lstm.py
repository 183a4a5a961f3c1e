"""Next-frame prediction with convolutional LSTMs.

The network reads movies of 3 to 7 squares moving in straight lines (with
noise around them) and predicts, at every frame, the next frame. Four
ConvLSTM2D layers of 40 filters (each followed by BatchNormalization) and
a Conv3D with a sigmoid give one output frame per input frame. Trained on
1,000 generated 40x40 movies of 15 frames for 300 epochs, then shown the
first 7 frames of a held-out movie, it predicts the following frames one
by one from its own predictions; the comparison with the ground truth is
saved as images (`<n>_animate.png`) when matplotlib is installed.

`--samples`, `--epochs`, `--size` and `--frames` shorten the run; without
them the script is the classic example.
"""
import argparse
import os

import numpy as np

from keras.layers import BatchNormalization
from keras.layers import Conv3D
from keras.layers import ConvLSTM2D
from keras.models import Sequential

n_samples = 1200
epochs = 300
size = 40
n_frames = 15
filters = 40
batch_size = 10


def build_model(size):
    """ConvLSTM2D stack taking movies of shape (frames, size, size, 1) with
    any number of frames; outputs one frame per input frame."""
    seq = Sequential()
    seq.add(ConvLSTM2D(filters=filters, kernel_size=(3, 3),
                       input_shape=(None, size, size, 1),
                       data_format='channels_last',
                       padding='same', return_sequences=True))
    seq.add(BatchNormalization())
    for _ in range(3):
        seq.add(ConvLSTM2D(filters=filters, kernel_size=(3, 3),
                           data_format='channels_last',
                           padding='same', return_sequences=True))
        seq.add(BatchNormalization())
    seq.add(Conv3D(filters=1, kernel_size=(3, 3, 3),
                   activation='sigmoid',
                   padding='same', data_format='channels_last'))
    seq.compile(loss='binary_crossentropy', optimizer='adadelta')
    return seq


def _paint(movie, t, x, y, half_width, value):
    """Adds `value` to the square of `movie[t]` centred on (x, y), clipped
    to the canvas."""
    movie[t, max(0, x - half_width):max(0, x + half_width),
          max(0, y - half_width):max(0, y + half_width), 0] += value


def generate_movies(n_samples=1200, n_frames=15, size=40, seed=None):
    """Movies of 3 to 7 squares moving one pixel per frame (in x, y, both
    or not at all) on a canvas twice `size`, cut to its central
    `size x size` window.

    # Returns
        `(noisy_movies, shifted_movies)`, arrays of shape
        `(n_samples, n_frames, size, size, 1)`: the movies, with a faint
        border of noise (+-0.1) around the squares on half of the frames,
        and the same movies one frame ahead, without noise (the targets).
    """
    rng = np.random.RandomState(seed)
    row = col = 2 * size
    low, high = size // 2, size // 2 + size
    noisy_movies = np.zeros((n_samples, n_frames, row, col, 1),
                            dtype='float32')
    shifted_movies = np.zeros((n_samples, n_frames, row, col, 1),
                              dtype='float32')
    for i in range(n_samples):
        for _ in range(rng.randint(3, 8)):
            # Initial position, inside the window.
            xstart = rng.randint(low, high)
            ystart = rng.randint(low, high)
            # Direction of motion: -1, 0 or 1 pixel per frame on each axis.
            directionx = rng.randint(0, 3) - 1
            directiony = rng.randint(0, 3) - 1
            # Half the side of the square.
            w = rng.randint(2, 4)
            for t in range(n_frames):
                x_shift = xstart + directionx * t
                y_shift = ystart + directiony * t
                _paint(noisy_movies[i], t, x_shift, y_shift, w, 1.)
                # Noise around the square makes the model more robust.
                if rng.randint(0, 2):
                    noise_f = (-1) ** rng.randint(0, 2)
                    _paint(noisy_movies[i], t, x_shift, y_shift, w + 1,
                           noise_f * 0.1)
                # The target: the square one frame later.
                x_shift = xstart + directionx * (t + 1)
                y_shift = ystart + directiony * (t + 1)
                _paint(shifted_movies[i], t, x_shift, y_shift, w, 1.)
    # Cut to the central window; overlapping squares stay at 1.
    noisy_movies = noisy_movies[:, :, low:high, low:high, :]
    shifted_movies = shifted_movies[:, :, low:high, low:high, :]
    noisy_movies[noisy_movies >= 1] = 1
    shifted_movies[shifted_movies >= 1] = 1
    return noisy_movies, shifted_movies


def save_comparison(track, movie, shifted, n_given, plot_dir):
    """One image per frame: the input or prediction (left) beside the
    ground truth (right). Returns the saved paths, or None without
    matplotlib."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    paths = []
    for i in range(len(track)):
        fig = plt.figure(figsize=(10, 5))
        ax = fig.add_subplot(121)
        ax.text(1, 3, 'Predictions !' if i >= n_given else
                'Initial trajectory', fontsize=20, color='w')
        ax.imshow(track[i, :, :, 0])
        ax = fig.add_subplot(122)
        ax.text(1, 3, 'Ground truth', fontsize=20)
        # The ground truth of frame i is the target of frame i - 1.
        ax.imshow(shifted[i - 1, :, :, 0] if i else movie[0, :, :, 0])
        path = os.path.join(plot_dir, '%i_animate.png' % (i + 1))
        fig.savefig(path)
        plt.close(fig)
        paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--samples', type=int, default=n_samples,
                        help='number of movies generated; 5/6 are trained '
                        'on (default: %d)' % n_samples)
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    parser.add_argument('--size', type=int, default=size,
                        help='width and height of the frames in pixels '
                        '(default: %d)' % size)
    parser.add_argument('--frames', type=int, default=n_frames,
                        help='number of frames per movie (default: %d)'
                        % n_frames)
    parser.add_argument('--plot-dir', default='.',
                        help='where the comparison images are saved '
                        '(default: the current directory)')
    args = parser.parse_args(argv)
    if args.samples < 6 or args.frames < 2 or args.size < 4:
        parser.error('need --samples >= 6, --frames >= 2 and --size >= 4')

    seq = build_model(args.size)
    seq.summary()

    noisy_movies, shifted_movies = generate_movies(
        n_samples=args.samples, n_frames=args.frames, size=args.size)
    n_train = args.samples * 5 // 6
    history = seq.fit(noisy_movies[:n_train], shifted_movies[:n_train],
                      batch_size=batch_size, epochs=args.epochs,
                      validation_split=0.05)

    # Test on a held-out movie: feed it its first half, then let it
    # predict the rest frame by frame from its own predictions.
    which = min(n_train + 4, args.samples - 1)
    n_given = max(1, args.frames // 2)
    track = noisy_movies[which][:n_given]
    for _ in range(args.frames - n_given):
        new_pos = seq.predict(track[np.newaxis])
        new = new_pos[:, -1]
        track = np.concatenate((track, new), axis=0)
    # Predicted frame t is compared with the true frame t, the target of
    # frame t - 1.
    truth = shifted_movies[which]
    predicted = track[n_given:]
    expected = truth[n_given - 1:args.frames - 1]
    print('Predicted frames:', len(predicted))
    print('Mean absolute error of the predicted frames:',
          float(np.mean(np.abs(predicted - expected))))
    paths = save_comparison(track, noisy_movies[which], truth, n_given,
                            args.plot_dir)
    if paths is None:
        print('matplotlib is not installed: no comparison images saved.')
    else:
        print('Saved', len(paths), 'comparison images in', args.plot_dir)
    return history


if __name__ == '__main__':
    main()
