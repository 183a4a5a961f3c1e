"""The package as users install it: a wheel built with `python -m build`
holds every subpackage, data file and the licence, and installed into a
fresh virtual environment it trains the digits example from outside the
source tree."""
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Building and installing does not depend on the backend: once per run, on
# the default one (the example's).
pytestmark = pytest.mark.backends('jax')


def _run(args, cwd, env=None, timeout=300):
    proc = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout)
    assert proc.returncode == 0, 'exit %d\n%s\n%s' % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def _source_packages():
    packages = set()
    for folder, dirs, files in os.walk(os.path.join(REPO, 'keras')):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        if any(name.endswith('.py') for name in files):
            packages.add(os.path.relpath(folder, REPO).replace(os.sep, '/'))
    return packages


def _source_data_files():
    found = set()
    for folder, dirs, files in os.walk(os.path.join(REPO, 'keras')):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in files:
            if not name.endswith(('.py', '.pyc')):
                found.add(os.path.relpath(os.path.join(folder, name),
                                          REPO).replace(os.sep, '/'))
    return found


def _copy_sources(destination):
    """The files a build reads, copied (a build writes its scratch folders
    next to them, and the tree's own build/ and egg-info must not leak in)."""
    for name in ('pyproject.toml', 'README.md', 'LICENSE'):
        shutil.copy(os.path.join(REPO, name), str(destination))
    shutil.copytree(os.path.join(REPO, 'keras'), str(destination / 'keras'),
                    ignore=shutil.ignore_patterns('__pycache__'))
    return destination


def _fresh_venv(folder):
    """A new virtual environment without pip; its python and its
    site-packages folder.

    The dependencies (numpy, jax, scikit-learn, setuptools, ...) come from
    this environment's site-packages, appended after the venv's own: a path
    in a .pth file does not run that folder's .pth files, so the editable
    install of the source tree stays out of sight."""
    venv = folder / 'venv'
    _run([sys.executable, '-m', 'venv', '--without-pip', str(venv)],
         cwd=str(folder))
    python = str(venv / 'bin' / 'python')
    site_packages = _run([python, '-c', 'import sysconfig; '
                          'print(sysconfig.get_paths()["purelib"])'],
                         cwd=str(folder)).stdout.strip()
    outer = {sysconfig.get_paths()['purelib'],
             sysconfig.get_paths()['platlib']}
    with open(os.path.join(site_packages, 'outer_dependencies.pth'),
              'w') as f:
        f.write('\n'.join(sorted(outer)) + '\n')
    return python, site_packages


def _pip_install(python, requirement, cwd, *options):
    # --ignore-installed: pip must neither skip nor uninstall the editable
    # keras of the outer environment, which the venv sees through the .pth.
    _run([sys.executable, '-m', 'pip', '--python', python, 'install',
          '--no-deps', '--no-index', '--ignore-installed', '-q'] +
         list(options) + [requirement], cwd=cwd)


def _outside_env():
    env = {key: value for key, value in os.environ.items()
           if key not in ('PYTHONPATH', 'KERAS_BACKEND')}
    env['TF_CPP_MIN_LOG_LEVEL'] = '2'
    return env


def _installed_keras(python, cwd):
    """The folder `import keras` loads in the venv, run from `cwd`."""
    return _run([python, '-c', 'import keras, os; '
                 'print(os.path.dirname(keras.__file__))'], cwd=cwd,
                env=_outside_env()).stdout.strip().splitlines()[-1]


def _source_files():
    found = set()
    for folder, dirs, files in os.walk(os.path.join(REPO, 'keras')):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in files:
            if not name.endswith('.pyc'):
                found.add(os.path.relpath(os.path.join(folder, name),
                                          REPO).replace(os.sep, '/'))
    return found


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    """A wheel built from a copy of the sources (the build writes its
    scratch folders next to them), without network: --no-isolation."""
    source = _copy_sources(tmp_path_factory.mktemp('source'))
    out = tmp_path_factory.mktemp('dist')
    _run([sys.executable, '-m', 'build', '--wheel', '--no-isolation',
          '--outdir', str(out), str(source)], cwd=str(source))
    wheels = [name for name in os.listdir(str(out)) if name.endswith('.whl')]
    assert len(wheels) == 1, wheels
    return str(out / wheels[0])


def test_wheel_holds_every_package_data_file_and_the_licence(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    init_files = {package + '/__init__.py' for package in _source_packages()}
    assert not init_files - names, sorted(init_files - names)
    assert not _source_data_files() - names
    licence = [name for name in names if name.endswith('/LICENSE')]
    assert licence, sorted(name for name in names if 'dist-info' in name)
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(licence[0]).decode('utf8')
        metadata = archive.read([n for n in names
                                 if n.endswith('METADATA')][0]).decode()
    assert text.startswith('MIT License')
    assert 'License: MIT' in metadata


def test_wheel_in_a_fresh_environment_trains_the_digits_example(wheel,
                                                                 tmp_path):
    python, site_packages = _fresh_venv(tmp_path)
    _pip_install(python, wheel, str(tmp_path))
    example = tmp_path / 'digits_mlp.py'
    shutil.copy(os.path.join(REPO, 'examples', 'digits_mlp.py'),
                str(example))
    assert _installed_keras(python, str(tmp_path)) == os.path.join(
        site_packages, 'keras')
    proc = _run([python, str(example), '--epochs', '30'], cwd=str(tmp_path),
                env=_outside_env())
    assert 'Using jax backend.' in proc.stderr
    accuracy = [line for line in proc.stdout.splitlines()
                if line.startswith('Test accuracy:')]
    assert accuracy and float(accuracy[0].split()[-1]) >= 0.95, \
        proc.stdout[-2000:]


def test_pip_install_of_the_source_tree_copies_every_file(tmp_path):
    """`pip install .`, not editable: the installed tree holds every
    subpackage and data file, and `import keras` loads it from outside the
    source tree."""
    source = tmp_path / 'source'
    source.mkdir()
    _copy_sources(source)
    python, site_packages = _fresh_venv(tmp_path)
    # The build runs in the venv's python, with setuptools from the outer
    # environment (through the .pth), hence no build isolation.
    _pip_install(python, str(source), str(tmp_path), '--no-build-isolation')
    installed = set()
    root = os.path.join(site_packages, 'keras')
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in files:
            installed.add(os.path.relpath(os.path.join(folder, name),
                                          site_packages).replace(os.sep, '/'))
    init_files = {package + '/__init__.py' for package in _source_packages()}
    assert not init_files - installed, sorted(init_files - installed)
    assert not _source_data_files() - installed, sorted(
        _source_data_files() - installed)
    # Every module too, and nothing that is not in the source tree.
    assert installed == _source_files(), sorted(
        installed.symmetric_difference(_source_files()))
    assert not [name for name in os.listdir(site_packages)
                if name.startswith('__editable__')]
    outside = tmp_path / 'elsewhere'
    outside.mkdir()
    assert _installed_keras(python, str(outside)) == root
    proc = _run([python, '-c', 'import keras; from keras.utils import '
                 'H5Dict, multi_gpu_model; print(keras.__version__)'],
                cwd=str(outside), env=_outside_env())
    assert proc.stdout.strip().splitlines()[-1] == '2.3.1'
