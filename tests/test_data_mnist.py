"""MNIST's files: the IDX reader on generated files (every type, gzipped or not, and each way a
file can be wrong), MNIST and FashionMNIST read from them, and download=True against a local
HTTP server on 127.0.0.1 (a good mirror, a corrupt file, a dropped connection, a missing file)."""

import gzip
import hashlib
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest

from autograd.data import DataLoader
from autograd.data import transforms as T
from autograd.data.datasets import MNIST, DownloadError, FashionMNIST, IdxError, read_idx
from autograd.data.datasets import download as download_module

CODES = {
    np.uint8: 0x08,
    np.int8: 0x09,
    np.int16: 0x0B,
    np.int32: 0x0C,
    np.float32: 0x0D,
    np.float64: 0x0E,
}


def idx_bytes(array: np.ndarray, gz: bool = False) -> bytes:
    """`array` in the IDX format (big-endian), gzipped if asked."""
    header = bytes([0, 0, CODES[array.dtype.type], array.ndim])
    header += b"".join(n.to_bytes(4, "big") for n in array.shape)
    raw = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    return gzip.compress(raw, mtime=0) if gz else raw


def mnist_files(n: int, seed: int, gz: bool = True) -> dict[str, bytes]:
    """The four files of a small MNIST: n training and n // 2 test images with labels."""
    rng = np.random.default_rng(seed)
    files = {}
    for split, count in (("train", n), ("t10k", n // 2)):
        files[f"{split}-images-idx3-ubyte"] = idx_bytes(
            rng.integers(0, 256, (count, 28, 28), dtype=np.uint8), gz
        )
        files[f"{split}-labels-idx1-ubyte"] = idx_bytes(
            rng.integers(0, 10, count, dtype=np.uint8), gz
        )
    return {name + (".gz" if gz else ""): data for name, data in files.items()}


def write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


@pytest.mark.parametrize("dtype", list(CODES))
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (0, 28, 28)])
@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_gives_back_what_was_written(dtype, shape, gz, tmp_path):
    rng = np.random.default_rng(0)
    if np.dtype(dtype).kind == "f":
        array = (rng.standard_normal(shape) * 1000).astype(dtype)
    else:  # the whole range, so a byte-order mistake shows
        info = np.iinfo(dtype)
        array = rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
    path = tmp_path / "file"
    path.write_bytes(idx_bytes(array, gz))
    out = read_idx(path)
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative and out.flags.writeable
    assert np.array_equal(out, array)


GOOD = idx_bytes(np.arange(12, dtype=np.uint8).reshape(3, 4))
BAD_FILES = {
    "not IDX": (b"\x01\x00\x08\x02" + GOOD[4:], "not an IDX file"),
    "unknown type": (b"\x00\x00\x07\x02" + GOOD[4:], "not an IDX file"),
    "empty": (b"", "not an IDX file"),
    "short header": (GOOD[:9], "truncated header"),
    "truncated data": (GOOD[:-1], "holds 11 bytes after the header (truncated)"),
    "extra data": (GOOD + b"\0", "extra bytes at the end"),
    "bad gzip": (gzip.compress(GOOD)[:-6], "not a valid gzip file"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_read_idx_names_the_file_and_what_is_wrong(case, tmp_path):
    data, words = BAD_FILES[case]
    path = tmp_path / "broken-idx3-ubyte"
    path.write_bytes(data)
    with pytest.raises(IdxError, match=str(path)) as info:
        read_idx(path)
    assert words in str(info.value)


def test_read_idx_checks_the_magic_number_asked_for(tmp_path):
    path = tmp_path / "labels"
    path.write_bytes(GOOD)
    with pytest.raises(
        IdxError,
        match=r"magic number 2050 \(uint8, 2 dims\), expected 2051 "
        r"\(uint8, 3 dims\)",
    ):
        read_idx(path, 2051)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_items_are_raw_uint8_images_and_int_labels_as_torchvision(gz, tmp_path):
    files = mnist_files(6, seed=1, gz=gz)
    write(tmp_path / "MNIST" / "raw", files)
    train, test = MNIST(tmp_path), MNIST(str(tmp_path), train=False)
    assert (len(train), len(test)) == (6, 3)
    suffix = ".gz" if gz else ""
    images = read_idx(tmp_path / "MNIST" / "raw" / f"train-images-idx3-ubyte{suffix}")
    labels = read_idx(tmp_path / "MNIST" / "raw" / f"train-labels-idx1-ubyte{suffix}")
    image, label = train[4]
    assert image.dtype == np.uint8 and image.shape == (28, 28) and np.array_equal(image, images[4])
    assert type(label) is int and label == labels[4]
    assert train.data.shape == (6, 28, 28) and train.targets.dtype == np.int64
    tensor_image, _ = MNIST(tmp_path, transform=T.ToTensor())[4]
    assert tensor_image.shape == (1, 28, 28) and tensor_image.dtype == np.float32
    assert np.array_equal(tensor_image.numpy()[0], images[4] / np.float32(255))
    x, y = next(iter(DataLoader(MNIST(tmp_path, transform=T.ToTensor()), batch_size=4)))
    assert x.shape == (4, 1, 28, 28) and y.tolist() == labels[:4].tolist()


def test_fashion_mnist_reads_its_own_folder_with_the_same_code(tmp_path):
    write(tmp_path / "FashionMNIST" / "raw", mnist_files(4, seed=2))
    data = FashionMNIST(tmp_path, train=False)
    assert len(data) == 2 and data.classes[9] == "Ankle boot"
    assert data.raw_folder == tmp_path / "FashionMNIST" / "raw"


def test_missing_files_are_named_with_where_we_looked_and_how_to_get_them(tmp_path):
    files = mnist_files(4, seed=3)
    del files["t10k-labels-idx1-ubyte.gz"], files["t10k-images-idx3-ubyte.gz"]
    write(tmp_path / "MNIST" / "raw", files)
    with pytest.raises(FileNotFoundError) as info:
        MNIST(tmp_path, train=False)
    message = str(info.value)
    for words in (
        "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte",
        "gzipped or not",
        str((tmp_path / "MNIST" / "raw").resolve()),
        "download=True",
        MNIST.mirrors[0],
    ):
        assert words in message
    assert len(MNIST(tmp_path)) == 4  # the training files are there


@pytest.mark.parametrize(
    "change, words",
    [
        (("train-images-idx3-ubyte", np.zeros((3, 28, 27), np.uint8)), "not 28x28"),
        (("train-labels-idx1-ubyte", np.zeros(5, np.uint8)), "holds 4 images but"),
        (("train-labels-idx1-ubyte", np.full(4, 10, np.uint8)), "label 10"),
        (("train-images-idx3-ubyte", np.zeros(4, np.uint8)), "expected 2051"),
        (("train-labels-idx1-ubyte", np.zeros(4, np.int32)), "expected 2049"),
    ],
)
def test_mnist_refuses_files_that_are_not_what_mnist_holds(change, words, tmp_path):
    files = mnist_files(4, seed=4, gz=False)
    name, array = change
    files[name] = idx_bytes(array)
    write(tmp_path / "MNIST" / "raw", files)
    with pytest.raises(IdxError, match="idx") as info:
        MNIST(tmp_path)
    assert words in str(info.value)


class Mirrors(http.server.BaseHTTPRequestHandler):
    """Serves `files` under /good/, with one byte changed under /corrupt/, half of each (then
    hangs up, having announced the whole) under /drop/, and nothing under /missing/."""

    files: dict[str, bytes] = {}
    requests: list[str] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        kind, _, name = self.path.strip("/").partition("/")
        data = self.files.get(name)
        if data is None or kind == "missing":
            self.send_error(404)
            return
        if kind == "corrupt":
            data = data[:-1] + bytes([data[-1] ^ 1])
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2] if kind == "drop" else data)
        self.close_connection = kind == "drop"

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(monkeypatch):
    """A local server of small MNIST files, with MNIST's mirrors and checksums pointing at it."""
    files = mnist_files(8, seed=5)
    monkeypatch.setattr(Mirrors, "files", files)
    monkeypatch.setattr(Mirrors, "requests", [])
    monkeypatch.setattr(download_module, "TIMEOUT", 5.0)
    resources = [(name, hashlib.md5(data).hexdigest()) for name, data in files.items()]
    monkeypatch.setattr(MNIST, "resources", resources)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Mirrors)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_skips_bad_mirrors_and_writes_the_files_whole(server, tmp_path, monkeypatch):
    monkeypatch.setattr(
        MNIST, "mirrors", [f"{server}/drop/", f"{server}/corrupt", f"{server}/good/"]
    )
    data = MNIST(tmp_path, download=True)
    raw = tmp_path / "MNIST" / "raw"
    assert sorted(p.name for p in raw.iterdir()) == sorted(Mirrors.files)  # and no partial file
    assert all((raw / name).read_bytes() == Mirrors.files[name] for name in Mirrors.files)
    assert len(data) == 8 and len(Mirrors.requests) == 12  # each file: drop, corrupt, good
    MNIST(tmp_path, train=False, download=True)
    assert len(Mirrors.requests) == 12  # nothing downloaded twice


def test_download_names_every_mirrors_failure_and_leaves_no_file(server, tmp_path, monkeypatch):
    mirrors = [f"{server}/drop/", f"{server}/corrupt/", f"{server}/missing/"]
    monkeypatch.setattr(MNIST, "mirrors", mirrors)
    with pytest.raises(DownloadError) as info:
        MNIST(tmp_path, download=True)
    message = str(info.value)
    name = MNIST.resources[0][0]
    assert f"could not download {name} into {tmp_path / 'MNIST' / 'raw'}" in message
    for mirror, words in zip(
        mirrors, ("connection closed after", "checksum mismatch", "404"), strict=True
    ):
        line = next(line for line in message.splitlines() if line.strip().startswith(mirror))
        assert words in line, message
    assert list((tmp_path / "MNIST" / "raw").iterdir()) == []


def test_fashion_mnist_downloads_from_its_own_setting(server, tmp_path, monkeypatch):
    monkeypatch.setattr(FashionMNIST, "resources", MNIST.resources)
    monkeypatch.setattr(FashionMNIST, "mirrors", [f"{server}/good/"])
    assert len(FashionMNIST(tmp_path, download=True)) == 8
    assert all(path.startswith("/good/") for path in Mirrors.requests)
    assert (tmp_path / "FashionMNIST" / "raw" / "train-images-idx3-ubyte.gz").exists()
