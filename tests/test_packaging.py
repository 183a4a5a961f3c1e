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


@pytest.fixture(scope='module')
def wheel(tmp_path_factory):
    """A wheel built from a copy of the sources (the build writes its
    scratch folders next to them), without network: --no-isolation."""
    source = tmp_path_factory.mktemp('source')
    for name in ('pyproject.toml', 'README.md', 'LICENSE'):
        shutil.copy(os.path.join(REPO, name), str(source))
    shutil.copytree(os.path.join(REPO, 'keras'), str(source / 'keras'),
                    ignore=shutil.ignore_patterns('__pycache__'))
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
    venv = tmp_path / 'venv'
    _run([sys.executable, '-m', 'venv', '--without-pip', str(venv)],
         cwd=str(tmp_path))
    python = str(venv / 'bin' / 'python')
    _run([sys.executable, '-m', 'pip', '--python', python, 'install',
          '--no-deps', '--no-index', '-q', wheel], cwd=str(tmp_path))
    # The dependencies (numpy, jax, scikit-learn, ...) come from this
    # environment's site-packages, appended after the venv's own: a path in
    # a .pth file does not run that folder's .pth files, so the editable
    # install of the source tree stays out of sight.
    site_packages = _run([python, '-c', 'import sysconfig; '
                          'print(sysconfig.get_paths()["purelib"])'],
                         cwd=str(tmp_path)).stdout.strip()
    outer = {sysconfig.get_paths()['purelib'],
             sysconfig.get_paths()['platlib']}
    with open(os.path.join(site_packages, 'outer_dependencies.pth'),
              'w') as f:
        f.write('\n'.join(sorted(outer)) + '\n')
    example = tmp_path / 'digits_mlp.py'
    shutil.copy(os.path.join(REPO, 'examples', 'digits_mlp.py'),
                str(example))
    env = {key: value for key, value in os.environ.items()
           if key not in ('PYTHONPATH', 'KERAS_BACKEND')}
    env['TF_CPP_MIN_LOG_LEVEL'] = '2'
    where = _run([python, '-c', 'import keras, os; '
                  'print(os.path.dirname(keras.__file__))'],
                 cwd=str(tmp_path), env=env).stdout.strip().splitlines()[-1]
    assert where == os.path.join(site_packages, 'keras')
    proc = _run([python, str(example), '--epochs', '30'], cwd=str(tmp_path),
                env=env)
    assert 'Using jax backend.' in proc.stderr
    accuracy = [line for line in proc.stdout.splitlines()
                if line.startswith('Test accuracy:')]
    assert accuracy and float(accuracy[0].split()[-1]) >= 0.95, \
        proc.stdout[-2000:]
