"""The datasets shipped or generated: Digits (count, labels, range, the fixed split, and that
images and labels belong together), the Sonnets and CharDataset's windows, and the 2-D sets'
geometry, class sizes, noise and seeding."""

import hashlib
import math
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
from autograd.data import DataLoader
from autograd.data import transforms as T
from autograd.data.datasets import (
    CharDataset,
    Digits,
    make_blobs,
    make_moons,
    make_spirals,
    sonnets,
)
from autograd.data.datasets.digits import split

SHIPPED = resources.files("autograd.data.datasets")


@pytest.mark.parametrize("name", ["digits.csv.gz", "sonnets.txt"])
def test_shipped_files_are_the_ones_their_licence_note_describes(name):
    note = (SHIPPED / "DATA.md").read_text()
    section = note.split(f"## {name}")[1].split("\n## ")[0]
    recorded = re.search(r"SHA-256: `([0-9a-f]{64})`", section).group(1)
    assert hashlib.sha256((SHIPPED / name).read_bytes()).hexdigest() == recorded
    assert "Licence:" in section


def test_digits_are_1797_images_of_every_class_split_1438_and_359():
    train, test = Digits(), Digits(train=False)
    assert (len(train), len(test)) == (1438, 359)
    for part in (train, test):
        image, label = part[0]
        assert image.shape == (1, 8, 8) and image.dtype == np.float32 and type(label) is int
        assert part.data.shape == (len(part), 1, 8, 8) and part.targets.dtype == np.int64
        pixels = part.data.numpy()
        assert (
            pixels.min() == 0
            and pixels.max() == 1
            and np.array_equal(pixels * 16, np.round(pixels * 16))
        )
    counts = [np.bincount(p.targets.numpy(), minlength=10) for p in (train, test)]
    assert (counts[0] + counts[1]).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert counts[1].min() >= 35 and counts[1].max() <= 37  # a fifth of each digit
    train_idx, test_idx = split()
    assert np.intersect1d(train_idx, test_idx).size == 0 and len(train_idx) + len(test_idx) == 1797


def test_digits_images_go_with_their_labels():
    """Nearest class mean on the training images labels most test images right (85% of them;
    labels out of step with the images would give about 10%)."""
    train, test = Digits(), Digits(train=False)
    x, y = train.data.numpy().reshape(-1, 64), train.targets.numpy()
    means = np.stack([x[y == k].mean(axis=0) for k in range(10)])
    xt = test.data.numpy().reshape(-1, 64)
    guess = ((xt[:, None, :] - means) ** 2).sum(axis=2).argmin(axis=1)
    assert (guess == test.targets.numpy()).mean() > 0.75


def test_digits_apply_their_transforms_and_batch_through_a_loader():
    digits = Digits(transform=T.Normalize(0.5, 0.5), target_transform=lambda k: k % 2)
    image, label = digits[3]
    assert np.array_equal(image, (Digits()[3][0] - 0.5) / 0.5) and label == Digits()[3][1] % 2
    x, y = next(iter(DataLoader(Digits(), batch_size=32, shuffle=True)))
    assert x.shape == (32, 1, 8, 8) and x.dtype == np.float32 and y.dtype == np.int64


def test_the_sonnets_are_all_154_in_plain_ascii():
    text = sonnets()
    assert len(re.findall(r"^[IVXLC]+$", text, flags=re.M)) == 154
    assert text.isascii() and 50_000 < len(text) < 200_000
    assert "From fairest creatures we desire increase" in text


@given(seq_len=st.integers(1, 12), index=st.integers(-50, 49))
def test_char_windows_are_the_text_and_the_text_one_character_on(seq_len, index):
    text = "the quick brown fox jumps over the lazy dog, again and again and again"
    data = CharDataset(text, seq_len)
    assert len(data) == len(text) - seq_len and data.chars == sorted(set(text))
    if not -len(data) <= index < len(data):
        with pytest.raises(IndexError, match="CharDataset"):
            data[index]
        return
    x, y = data[index]
    start = index % len(data)
    assert x.dtype == y.dtype == np.int64 and x.shape == y.shape == (seq_len,)
    assert data.decode(x) == text[start : start + seq_len]
    assert data.decode(y) == text[start + 1 : start + seq_len + 1]


def test_char_dataset_defaults_to_the_sonnets_and_encodes_and_decodes():
    data = CharDataset(seq_len=32)
    assert data.vocab_size == len(set(sonnets())) and len(data) == len(sonnets()) - 32
    line = "Shall I compare thee to a summer's day?"
    assert data.decode(ag.from_numpy(data.encode(line))) == line
    x, y = next(iter(DataLoader(data, batch_size=16, shuffle=True)))
    assert x.shape == y.shape == (16, 32) and x.dtype == np.int64
    assert np.array_equal(x.numpy()[:, 1:], y.numpy()[:, :-1])
    with pytest.raises(ValueError, match=r"not in the text: \['#', '1'\]"):
        data.encode("#1")


@pytest.mark.parametrize("text, seq_len, words", [("abc", 3, "at least 4"), ("abc", 0, "got 0")])
def test_char_dataset_refuses_windows_it_cannot_make(text, seq_len, words):
    with pytest.raises(ValueError, match=words):
        CharDataset(text, seq_len)


@pytest.mark.parametrize("make", [make_moons, make_spirals, make_blobs])
def test_generated_sets_have_balanced_int_labels_and_follow_the_seed(make):
    x, y = make(101)
    assert x.shape == (101, 2) and x.dtype == ag.get_default_dtype() and y.dtype == np.int64
    counts = np.bincount(y.numpy())
    assert counts.sum() == 101 and counts.max() - counts.min() <= 1
    assert np.diff(y.numpy()).any()  # shuffled, not class by class
    ag.manual_seed(4)
    a = make(50)
    ag.manual_seed(4)
    b = make(50)
    assert all(np.array_equal(p.numpy(), q.numpy()) for p, q in zip(a, b, strict=True))
    c = make(50, generator=np.random.default_rng(9))
    d = make(50, generator=np.random.default_rng(9))
    assert np.array_equal(c[0].numpy(), d[0].numpy())


def test_moons_lie_on_two_unit_half_circles_plus_noise_of_the_std_asked():
    x, y = (t.numpy().astype(np.float64) for t in make_moons(400))
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.linalg.norm(x - centre, axis=1), 1, atol=1e-6)
    assert (x[y == 0, 1] >= -1e-6).all() and (x[y == 1, 1] <= 0.5 + 1e-6).all()
    # With noise of std 0.05, the distance from the circle is, to first order, the noise along
    # the radius: std 0.05 (2000 points a moon: within 6%), mean about 0 (within 5 std errors
    # plus the second-order bias sigma^2).
    x, y = (t.numpy().astype(np.float64) for t in make_moons(4000, noise=0.05))
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    radial = np.linalg.norm(x - centre, axis=1) - 1
    assert radial.std() == pytest.approx(0.05, rel=0.06)
    assert abs(radial.mean()) < 5 * 0.05 / math.sqrt(4000) + 0.05**2


def test_spiral_points_reveal_their_arm():
    x, y = (t.numpy().astype(np.float64) for t in make_spirals(300, n_classes=3, turns=1.5))
    radius, angle = np.linalg.norm(x, axis=1), np.arctan2(x[:, 1], x[:, 0])
    assert radius.max() == pytest.approx(1) and radius.min() > 0
    arm = (angle / (2 * np.pi) - 1.5 * radius) * 3 % 3
    np.testing.assert_allclose(np.minimum(abs(arm - y), 3 - abs(arm - y)), 0, atol=1e-4)


def test_blobs_centre_on_their_centres_with_the_spread_asked():
    """2000 points a cluster: means within 5 standard errors, stds within 10%."""
    centers = [[0.0, 0.0], [5.0, -5.0], [-3.0, 8.0]]
    x, y = (t.numpy().astype(np.float64) for t in make_blobs(6000, centers, cluster_std=0.5))
    for k, c in enumerate(centers):
        points = x[y == k]
        assert np.abs(points.mean(axis=0) - c).max() < 5 * 0.5 / math.sqrt(len(points))
        np.testing.assert_allclose(points.std(axis=0), 0.5, rtol=0.1)
    x, _ = make_blobs(50, centers=4, cluster_std=0.0, center_box=(2.0, 3.0))
    assert x.numpy().min() >= 2 and x.numpy().max() <= 3 and len(np.unique(x.numpy(), axis=0)) == 4


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: make_moons(10, noise=-1), "make_moons: the noise's std must be >= 0"),
        (lambda: make_spirals(10, n_classes=0), "make_spirals"),
        (lambda: make_blobs(10, centers=[]), "make_blobs"),
    ],
)
def test_generators_refuse_bad_settings(call, words):
    with pytest.raises(ValueError, match=words):
        call()
