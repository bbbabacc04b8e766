"""digits_or_mnist: Digits without a root or with MNIST's files missing, MNIST's items in Digits'
form when the four files are there (gzipped or not), and a malformed file still an error."""

import numpy as np
import pytest
from test_data_mnist import mnist_files, write

from autograd.data.datasets import Digits, IdxError, digits_or_mnist


@pytest.mark.parametrize("train", [True, False])
def test_no_root_gives_digits(train):
    data = digits_or_mnist(train)
    assert isinstance(data, Digits) and data.train == train


def test_missing_files_give_digits(tmp_path):
    assert isinstance(digits_or_mnist(root=tmp_path), Digits)  # no MNIST folder at all
    files = mnist_files(10, seed=0)
    del files["t10k-labels-idx1-ubyte.gz"]
    write(tmp_path / "MNIST" / "raw", files)
    assert isinstance(digits_or_mnist(root=tmp_path), Digits)  # three of the four


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize(("train", "n"), [(True, 10), (False, 5)])
def test_present_files_give_mnist_in_digits_form(gz, train, n, tmp_path):
    write(tmp_path / "MNIST" / "raw", mnist_files(10, seed=1, gz=gz))
    data = digits_or_mnist(train, str(tmp_path))
    assert len(data) == n
    image, label = data[0]
    assert image.dtype == np.float32 and image.shape == (1, 28, 28) and isinstance(label, int)
    assert data.data.shape == (n, 1, 28, 28) and data.data.dtype == np.float32
    assert data.data.data.min() >= 0 and data.data.data.max() <= 1
    assert np.array_equal(data.data.data[0], image)


def test_mnist_limit_keeps_the_first_images(tmp_path):
    write(tmp_path / "MNIST" / "raw", mnist_files(10, seed=2))
    whole, first = digits_or_mnist(root=tmp_path), digits_or_mnist(root=tmp_path, mnist_limit=4)
    assert len(first) == 4 and np.array_equal(first.data.data, whole.data.data[:4])
    assert np.array_equal(first.targets.data, whole.targets.data[:4])
    assert isinstance(digits_or_mnist(mnist_limit=4), Digits) and len(Digits()) == 1438


def test_malformed_file_is_not_swallowed(tmp_path):
    files = mnist_files(10, seed=3, gz=False)
    files["train-images-idx3-ubyte"] = b"not IDX"
    write(tmp_path / "MNIST" / "raw", files)
    with pytest.raises(IdxError, match="train-images-idx3-ubyte"):
        digits_or_mnist(root=tmp_path)
