"""The issue-8 example scripts cifar10_cnn, variational_autoencoder,
lstm_text_generation and neural_style_transfer, run as users run them in
a fresh Python process (in a temporary working directory, where they save
their results), on small data this file writes: a CIFAR-10 archive and an
MNIST file in a KERAS_HOME datasets cache in the real formats, a text under
nietzsche.txt, images and VGG19 weights. Their building blocks (sampling,
KL divergence, Gram matrices, ...) are checked against closed forms
in-process."""
import io
import pickle
import re
import runpy
import tarfile

import numpy as np
import pytest
from PIL import Image
from scipy import integrate
from scipy import stats

from keras import backend as K
from _runner import REPO
from _runner import TRAINING_BACKENDS
from _runner import assert_fails_naming_the_training_backends
from _runner import cache_dir
from _runner import epoch_end_losses
from _runner import example
from _runner import failure_report
from _runner import printed_number
from _runner import run_example_on_cached_data
from _runner import run_python
from _runner import write_small_mnist


def epoch_losses(stdout):
    """The loss of each epoch, from the progress bar's last line of the
    epoch (the one with the time per step)."""
    losses = re.findall(r'/step - loss: (\S+)', stdout)
    assert losses, 'no epoch summary line in the output:\n%s' % stdout[-2000:]
    return [float(loss) for loss in losses]


# -- cifar10_cnn --

# Ten well separated colours: the corners of the RGB cube, grey, orange.
CIFAR_COLOURS = np.array([[r, g, b] for r in (0, 255) for g in (0, 255)
                          for b in (0, 255)] + [[128, 128, 128],
                                                [255, 128, 0]])


def small_cifar_images(rng, n):
    """`n` images as CIFAR rows (red, green, blue planes of 1024 uint8
    each) and their labels: a class is a flat colour plus noise, which
    shifts and flips do not change."""
    labels = rng.randint(0, 10, n)
    planes = (CIFAR_COLOURS[labels][:, :, np.newaxis] +
              rng.randint(-20, 21, (n, 3, 1024)))
    return np.clip(planes, 0, 255).astype('uint8').reshape(n, 3072), labels


def write_small_cifar10(datasets, per_batch=100, num_test=100, seed=0):
    """cifar-10-batches-py.tar.gz (the name get_file(untar=True) keeps the
    archive under) of the real layout: five training batches and a test
    batch, Python 2 pickles with bytes keys. Returns the test images
    (channels last, uint8) and labels."""
    rng = np.random.RandomState(seed)

    def batch(rows, labels):
        return pickle.dumps({b'batch_label': b'small batch',
                             b'labels': [int(label) for label in labels],
                             b'data': rows,
                             b'filenames': [b'%d.png' % i
                                            for i in range(len(rows))]},
                            protocol=2)

    members = {}
    for i in range(1, 6):
        members['data_batch_%d' % i] = batch(
            *small_cifar_images(rng, per_batch))
    test_rows, test_labels = small_cifar_images(rng, num_test)
    members['test_batch'] = batch(test_rows, test_labels)
    members['batches.meta'] = pickle.dumps(
        {b'label_names': [b'class_%d' % i for i in range(10)]}, protocol=2)
    path = str(datasets / 'cifar-10-batches-py.tar.gz')
    with tarfile.open(path, 'w:gz') as archive:
        for name, content in members.items():
            info = tarfile.TarInfo('cifar-10-batches-py/' + name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    test_images = test_rows.reshape(num_test, 3, 32, 32).transpose(0, 2, 3, 1)
    return test_images, test_labels


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_cifar10_cnn_learns_small_cifar_and_saves_a_model_that_loads(
        tmp_path):
    home = tmp_path / 'home'
    test_images, test_labels = write_small_cifar10(cache_dir(home))
    workdir = tmp_path / 'work'
    workdir.mkdir()
    proc = run_python([example('cifar10_cnn.py'), '--epochs', '2'],
                      keras_home=home, cwd=workdir)
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert 'x_train shape: (500, 32, 32, 3)' in proc.stdout
    assert '500 train samples' in proc.stdout
    assert '100 test samples' in proc.stdout
    # Convs 3*3*3*32+32 = 896, 3*3*32*32+32 = 9,248, 3*3*32*64+64 =
    # 18,496, 3*3*64*64+64 = 36,928; 32 -> 30 -> 15 -> 13 -> 6 pixels a
    # side: 6*6*64 = 2,304 features; dense 2304*512+512 = 1,180,160;
    # dense 512*10+10 = 5,130.
    assert 'Total params: 1,250,858' in proc.stdout
    assert 'Using real-time data augmentation.' in proc.stdout
    # 500 images in batches of 32 from the generator: 16 steps an epoch.
    assert '16/16 [' in proc.stdout
    losses = epoch_end_losses(proc.stdout)
    assert len(losses) == 2 and np.all(np.isfinite(losses))
    assert losses[1][1] < losses[0][1]
    # Chance level: accuracy 0.1, loss ln 10 = 2.30. Two epochs at
    # RMSprop's learning rate 1e-4 reached accuracies of 0.63-0.82 and
    # losses of 1.05-1.34 over runs and data seeds.
    loss = printed_number('Test loss:', proc.stdout)
    accuracy = printed_number('Test accuracy:', proc.stdout)
    assert loss < 1.8
    assert accuracy >= 0.4

    model_path = workdir / 'saved_models' / 'keras_cifar10_trained_model.h5'
    assert ('Saved trained model at %s' % model_path) in proc.stdout
    from keras.models import load_model
    model = load_model(str(model_path))
    assert model.count_params() == 1250858
    assert model.optimizer.__class__.__name__ == 'RMSprop'
    # The saved model classifies the test images as the script's own
    # evaluation found (its layers keep the channels-last format they
    # were built with).
    x_test = test_images.astype('float32') / 255
    predicted = model.predict(x_test).argmax(axis=-1)
    assert np.isclose(np.mean(predicted == test_labels), accuracy,
                      atol=1e-6)


# -- variational_autoencoder --

@pytest.fixture(scope='module')
def vae_module():
    return runpy.run_path(example('variational_autoencoder.py'),
                          run_name='variational_autoencoder')


def test_vae_kl_divergence_is_the_gaussian_closed_form(vae_module):
    z_mean = np.array([[0.0, 1.5], [-0.7, 0.2]], dtype='float32')
    z_log_var = np.array([[0.0, -1.0], [0.8, 0.3]], dtype='float32')
    kl = K.eval(vae_module['kl_divergence'](K.constant(z_mean),
                                            K.constant(z_log_var)))

    # Independently: the integral of q log(q / p) for each latent
    # dimension, q = N(mean, var), p = N(0, 1); dimensions add up.
    def kl_1d(mean, log_var):
        q = stats.norm(mean, np.exp(0.5 * log_var))
        p = stats.norm(0, 1)
        value, _ = integrate.quad(
            lambda z: q.pdf(z) * (q.logpdf(z) - p.logpdf(z)), -30, 30)
        return value

    expected = [sum(kl_1d(m, v) for m, v in zip(means, log_vars))
                for means, log_vars in zip(z_mean, z_log_var)]
    assert kl.shape == (2,)
    np.testing.assert_allclose(kl, expected, rtol=1e-5, atol=1e-6)
    # No divergence from the prior itself.
    assert K.eval(vae_module['kl_divergence'](
        K.zeros((1, 2)), K.zeros((1, 2))))[0] == 0


def test_vae_sampling_draws_from_the_encoded_gaussian(vae_module):
    n = 20000
    z_mean = np.tile(np.array([[2.0, -1.0]], dtype='float32'), (n, 1))
    z_log_var = np.tile(np.log(np.array([[0.25, 4.0]], dtype='float32')),
                        (n, 1))
    # Through K.function, as in the model (the batch size is known only
    # when it runs).
    mean_input = K.placeholder((None, 2))
    log_var_input = K.placeholder((None, 2))
    draw = K.function([mean_input, log_var_input],
                      [vae_module['sampling']([mean_input, log_var_input])])
    z = draw([z_mean, z_log_var])[0]
    assert z.shape == (n, 2)
    # Standard errors of the mean are 0.5/141 and 2/141.
    np.testing.assert_allclose(z.mean(axis=0), [2.0, -1.0], atol=0.06)
    np.testing.assert_allclose(z.std(axis=0), [0.5, 2.0], rtol=0.03)
    # Independent draws per sample, not one draw for the whole batch.
    assert len(np.unique(z[:, 0])) > n // 2


def run_vae(workdir, home, file_hash, *args):
    return run_example_on_cached_data('variational_autoencoder.py',
                                      'keras.datasets.mnist', file_hash, home,
                                      *args, cwd=workdir)


def latent_means(stdout):
    means = re.findall(r'^Digit (\d): latent mean \((\S+), (\S+)\)$', stdout,
                       re.MULTILINE)
    return {int(d): (float(a), float(b)) for d, a, b in means}


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_vae_trains_on_a_cached_small_mnist_and_reloads_its_weights(
        tmp_path):
    home = tmp_path / 'home'
    file_hash = write_small_mnist(str(cache_dir(home) / 'mnist.npz'),
                                  num_train=512, num_test=128)
    workdir = tmp_path / 'work'
    workdir.mkdir()
    proc = run_vae(workdir, home, file_hash, '--epochs', '3')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert '512 train samples' in proc.stdout
    assert '128 test samples' in proc.stdout
    # Encoder: dense 784*512+512 = 401,920 and two dense 512*2+2 = 1,026;
    # decoder: dense 2*512+512 = 1,536 and 512*784+784 = 402,192.
    assert 'Total params: 403,972' in proc.stdout
    assert 'Total params: 403,728' in proc.stdout
    assert 'Total params: 807,700' in proc.stdout
    # The encoder's three outputs, and the sampling layer's shape.
    for name in ('z_mean', 'z_log_var', 'z'):
        assert re.search(r'^%s \(\w+\)\s+\(None, 2\)' % name, proc.stdout,
                         re.MULTILINE), proc.stdout[:3000]
    # The added loss is trained without targets, and validated on the
    # test images alone.
    assert 'Train on 512 samples, validate on 128 samples' in proc.stdout
    losses = epoch_end_losses(proc.stdout)
    assert len(losses) == 3 and np.all(np.isfinite(losses))
    (loss_1, val_1), (loss_2, val_2), (loss_3, val_3) = losses
    assert loss_3 < loss_2 < loss_1
    assert val_3 < val_2 < val_1
    # Before training, the reconstruction cross-entropy alone is about
    # 784 ln 2 = 543 per image (outputs near 0.5).
    assert val_3 < 500
    test_loss = printed_number('Test loss:', proc.stdout)
    assert 0 < test_loss < 500
    assert 'Latent means shape: (128, 2)' in proc.stdout
    assert 'Latent log-variances shape: (128, 2)' in proc.stdout
    assert 'Latent samples shape: (128, 2)' in proc.stdout
    means = latent_means(proc.stdout)
    assert sorted(means) == list(range(10))

    assert (workdir / 'vae_mlp_mnist.h5').is_file()
    with Image.open(str(workdir / 'vae_mlp' /
                        'digits_over_latent.png')) as image:
        assert image.size == (30 * 28, 30 * 28)
        assert image.mode == 'L'
        pixels = np.asarray(image)
    # Decoded digits, not a blank page.
    assert pixels.min() < pixels.max()

    # -w loads the saved weights instead of training: the encoder's means
    # (no sampling in them) come out the same.
    proc = run_vae(workdir, home, file_hash, '-w', 'vae_mlp_mnist.h5')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Epoch 1' not in proc.stdout
    reloaded = latent_means(proc.stdout)
    for digit in range(10):
        np.testing.assert_allclose(reloaded[digit], means[digit], atol=2e-3)


# -- lstm_text_generation --

def write_small_corpus(path, seed=0, num_chars=2500):
    """A small text of a few words in sentences, a few lines."""
    rng = np.random.RandomState(seed)
    words = ['the', 'will', 'to', 'power', 'is', 'truth', 'and', 'man',
             'a', 'spirit', 'free', 'good', 'evil']
    text = ''
    while len(text) < num_chars:
        sentence = ' '.join(rng.choice(words, rng.randint(4, 10)))
        text += sentence.capitalize() + ('.\n' if rng.rand() < 0.3
                                         else '. ')
    with io.open(str(path), 'w', encoding='utf-8') as f:
        f.write(text)
    return text


@pytest.fixture(scope='module')
def lstm_module():
    return runpy.run_path(example('lstm_text_generation.py'),
                          run_name='lstm_text_generation')


def test_lstm_sample_reweights_by_temperature(lstm_module):
    sample = lstm_module['sample']
    preds = np.array([0.2, 0.5, 0.3], dtype='float32')
    np.random.seed(0)
    n = 20000
    # Temperature T draws i with probability p_i ** (1/T), renormalised:
    # T = 1 the probabilities themselves, T = 0.5 their squares
    # (0.04, 0.25, 0.09) / 0.38, T = 2 their square roots.
    for temperature, weights in [(1.0, preds), (0.5, preds ** 2),
                                 (2.0, np.sqrt(preds))]:
        expected = weights / weights.sum()
        counts = np.bincount([sample(preds, temperature) for _ in range(n)],
                             minlength=3)
        # Five standard errors of a frequency: at most 5 * 0.5 / 141.
        np.testing.assert_allclose(counts / n, expected, atol=0.018)
    # A low temperature always takes the most probable character.
    assert {sample(preds, 0.01) for _ in range(200)} == {1}


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_lstm_text_generation_learns_a_small_corpus(tmp_path):
    home = tmp_path / 'home'
    text = write_small_corpus(cache_dir(home) / 'nietzsche.txt')
    proc = run_python([example('lstm_text_generation.py'),
                       '--epochs', '2', '--length', '20'],
                      keras_home=home, cwd=tmp_path)
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    corpus = text.lower()
    chars = sorted(set(corpus))
    assert 'corpus length: %d' % len(corpus) in proc.stdout
    assert 'total chars: %d' % len(chars) in proc.stdout
    # One sequence of 40 characters every 3.
    num_sequences = len(range(0, len(corpus) - 40, 3))
    assert 'nb sequences: %d' % num_sequences in proc.stdout
    # LSTM 4*(c*128 + 128*128 + 128), dense 128*c + c, c characters.
    c = len(chars)
    params = 4 * (c * 128 + 128 * 128 + 128) + 128 * c + c
    assert 'Total params: {:,}'.format(params) in proc.stdout
    losses = epoch_losses(proc.stdout)
    # Chance level is ln c; the second epoch's is lower than the first.
    assert len(losses) == 2 and np.all(np.isfinite(losses))
    assert losses[1] < losses[0] < np.log(c) + 0.5
    assert losses[1] < np.log(c)

    # After each epoch, a seed from the corpus and 20 characters at each
    # of the four temperatures, only characters of the corpus.
    for epoch in range(2):
        assert ('----- Generating text after Epoch: %d' % epoch
                in proc.stdout)
    assert re.findall(r'^----- diversity: (\S+)$', proc.stdout,
                      re.MULTILINE) == ['0.2', '0.5', '1.0', '1.2'] * 2
    pattern = re.compile(r'----- Generating with seed: "(.{40})"\n',
                         re.DOTALL)
    seeds = list(pattern.finditer(proc.stdout))
    assert len(seeds) == 8, proc.stdout[-3000:]
    for match in seeds:
        seed = match.group(1)
        assert seed in corpus
        echoed = proc.stdout[match.end():match.end() + 40 + 20 + 1]
        assert echoed[:40] == seed
        generated = echoed[40:60]
        assert len(generated) == 20
        assert set(generated) <= set(chars), generated
        assert echoed[60] == '\n'


# -- neural_style_transfer --

@pytest.fixture(scope='module')
def style_module():
    return runpy.run_path(example('neural_style_transfer.py'),
                          run_name='neural_style_transfer')


@pytest.fixture(params=['channels_last', 'channels_first'])
def data_format(request):
    previous = K.image_data_format()
    K.set_image_data_format(request.param)
    yield request.param
    K.set_image_data_format(previous)


def test_style_gram_matrix_and_losses_against_numpy(style_module,
                                                    data_format):
    rng = np.random.RandomState(0)
    features = rng.rand(3, 4, 5).astype('float32')  # rows, cols, channels
    other = rng.rand(3, 4, 5).astype('float32')

    def to_backend(features):
        if K.image_data_format() == 'channels_first':
            features = features.transpose(2, 0, 1)
        return K.constant(features)

    flat = features.reshape(12, 5)
    gram = K.eval(style_module['gram_matrix'](to_backend(features)))
    np.testing.assert_allclose(gram, flat.T.dot(flat), rtol=1e-5)
    # 5 channels, 12 positions.
    other_flat = other.reshape(12, 5)
    expected = (np.sum((flat.T.dot(flat) - other_flat.T.dot(other_flat)) ** 2)
                / (4.0 * 5 ** 2 * 12 ** 2))
    np.testing.assert_allclose(
        K.eval(style_module['style_loss'](to_backend(features),
                                          to_backend(other))),
        expected, rtol=1e-5)
    np.testing.assert_allclose(
        K.eval(style_module['content_loss'](K.constant(features),
                                            K.constant(other))),
        np.sum((features - other) ** 2), rtol=1e-5)


def test_style_total_variation_by_hand(style_module, data_format):
    # One 3x3 grey image: pixel (i, j) = i + 2j. Over the 2x2 top-left
    # pixels, the vertical difference is -1 and the horizontal -2 in each
    # of 3 channels: (1 + 4) ** 1.25 per pixel and channel, 12 of them.
    image = np.fromfunction(lambda i, j: i + 2 * j, (3, 3))
    image = np.repeat(image[np.newaxis, :, :, np.newaxis], 3, axis=-1)
    if K.image_data_format() == 'channels_first':
        image = image.transpose(0, 3, 1, 2)
    value = K.eval(style_module['total_variation_loss'](
        K.constant(image), (3, 3)))
    np.testing.assert_allclose(value, 12 * 5 ** 1.25, rtol=1e-5)


def test_style_deprocess_inverts_preprocess(style_module, data_format,
                                           tmp_path):
    rng = np.random.RandomState(1)
    pixels = rng.randint(0, 256, (6, 8, 3)).astype('uint8')
    Image.fromarray(pixels).save(str(tmp_path / 'image.png'))
    x = style_module['preprocess_image'](str(tmp_path / 'image.png'), (6, 8))
    assert x.shape == ((1, 3, 6, 8) if data_format == 'channels_first'
                       else (1, 6, 8, 3))
    np.testing.assert_array_equal(
        style_module['deprocess_image'](x.copy(), (6, 8)), pixels)


def write_style_inputs(directory, backend_weights=True):
    """A 32x48 base image, a 40x40 style image (JPEG) and, when asked,
    random VGG19 no-top weights saved with save_weights."""
    rng = np.random.RandomState(0)
    x = np.linspace(0, 255, 48)
    base = np.stack([np.tile(x, (32, 1)), np.tile(x[::-1], (32, 1)),
                     np.full((32, 48), 128.)], axis=-1)
    Image.fromarray(base.astype('uint8')).save(str(directory / 'base.png'))
    Image.fromarray(rng.randint(0, 256, (40, 40, 3)).astype('uint8')).save(
        str(directory / 'style.jpg'))
    weights = directory / 'vgg19_notop.h5'
    if backend_weights:
        from keras.applications import vgg19
        vgg19.VGG19(weights=None, include_top=False,
                    input_shape=(32, 32, 3)).save_weights(str(weights))
    return weights


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_neural_style_transfer_lowers_the_loss_and_saves_images(tmp_path):
    weights = write_style_inputs(tmp_path)
    proc = run_python([example('neural_style_transfer.py'),
                       'base.png', 'style.jpg', 'result',
                       '--img-nrows', '32', '--iter', '2',
                       '--evaluations', '3',
                       '--weights', str(weights)], cwd=tmp_path)
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert 'Model loaded.' in proc.stdout
    losses = [float(v) for v in re.findall(r'^Current loss value: (\S+)$',
                                           proc.stdout, re.MULTILINE)]
    assert len(losses) == 2 and np.all(np.isfinite(losses))
    assert 0 < losses[1] < losses[0]
    for i in range(2):
        path = tmp_path / ('result_at_iteration_%d.png' % i)
        assert 'Image saved as %s' % path.name in proc.stdout
        # 32 rows; 48 columns keep the base image's 2:3 aspect.
        with Image.open(str(path)) as image:
            assert image.size == (48, 32)
            assert image.mode == 'RGB'
    # L-BFGS changed the image away from the base.
    with Image.open(str(tmp_path / 'result_at_iteration_1.png')) as image:
        result = np.asarray(image).astype(int)
    with Image.open(str(tmp_path / 'base.png')) as image:
        base = np.asarray(image).astype(int)
    assert np.abs(result - base).max() > 0


@pytest.mark.backends('numpy')
def test_neural_style_transfer_weights_file_must_fit(tmp_path):
    # Weights of another model are refused when VGG19 loads them (the same
    # check on every backend: run once).
    from keras.layers import Dense
    from keras.models import Sequential
    other = Sequential([Dense(2, input_shape=(3,))])
    other.save_weights(str(tmp_path / 'other.h5'))
    write_style_inputs(tmp_path, backend_weights=False)
    proc = run_python([example('neural_style_transfer.py'),
                       'base.png', 'style.jpg', 'result',
                       '--img-nrows', '32', '--iter', '1',
                       '--weights', 'other.h5'], cwd=tmp_path)
    assert proc.returncode != 0
    assert 'Model loaded.' not in proc.stdout
    assert 'layer' in proc.stderr.strip().splitlines()[-1]


# -- defaults and the numpy backend --

# The help text does not depend on the backend: checked once, on the
# quickest to start.
@pytest.mark.backends('numpy')
@pytest.mark.parametrize('script, defaults', [
    ('cifar10_cnn.py', ['default: 100)']),
    ('variational_autoencoder.py', ['default: 50)']),
    ('lstm_text_generation.py', ['default: 60)', 'default: 400)']),
    ('neural_style_transfer.py', ['default: 10)', 'default: 400)',
                                  'default: 20)', 'default: 0.025)',
                                  'default: imagenet)']),
])
def test_defaults_are_the_classic_ones(script, defaults):
    proc = run_python([example(script), '--help'], cwd=REPO)
    assert proc.returncode == 0, failure_report(proc)
    help_text = ' '.join(proc.stdout.split())
    for default in defaults:
        assert default in help_text, help_text


@pytest.mark.backends('numpy')
@pytest.mark.parametrize('script', ['cifar10_cnn.py',
                                    'variational_autoencoder.py',
                                    'lstm_text_generation.py',
                                    'neural_style_transfer.py'])
def test_examples_on_numpy_name_the_backends_that_train(tmp_path, script):
    home = tmp_path / 'home'
    datasets = cache_dir(home)
    if script == 'cifar10_cnn.py':
        write_small_cifar10(datasets, per_batch=4, num_test=4)
        proc = run_python([example(script), '--epochs', '1'],
                          keras_home=home, cwd=tmp_path)
    elif script == 'variational_autoencoder.py':
        file_hash = write_small_mnist(str(datasets / 'mnist.npz'),
                                      num_train=16, num_test=8)
        proc = run_vae(tmp_path, home, file_hash, '--epochs', '1')
    elif script == 'lstm_text_generation.py':
        write_small_corpus(datasets / 'nietzsche.txt', num_chars=200)
        proc = run_python([example(script), '--epochs', '1',
                           '--length', '5'], keras_home=home, cwd=tmp_path)
    else:
        weights = write_style_inputs(tmp_path)
        proc = run_python([example(script), 'base.png', 'style.jpg',
                           'result', '--img-nrows', '32', '--iter', '1',
                           '--weights', str(weights)], cwd=tmp_path)
        # The model builds; K.gradients then refuses.
        assert 'Model loaded.' in proc.stdout, failure_report(proc)
    if script != 'neural_style_transfer.py':
        assert 'Total params:' in proc.stdout, failure_report(proc)
    assert_fails_naming_the_training_backends(proc)
    assert 'Current loss value:' not in proc.stdout
    assert 'Test loss:' not in proc.stdout
    assert '----- Generating' not in proc.stdout
