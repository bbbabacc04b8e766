"""autograd.data.transforms: each transform's guarantees (shape, range, dtype, what the output
is made of), determinism by seed, frequencies of the random choices within stated tolerances,
and clear errors for the wrong shape or dtype."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd.data import transforms as T

torch = pytest.importorskip("torch")
RANDOM = [
    T.RandomCrop(5, padding=2),
    T.RandomHorizontalFlip(),
    T.RandomAffine(30, (0.2, 0.2)),
    T.GaussianNoise(sigma=0.2),
]


def image(*shape, dtype=np.float32):
    """Distinct values in [0, 1] (uint8: 0-255), so every pixel can be told apart."""
    values = np.random.default_rng(0).permutation(math.prod(shape)).reshape(shape)
    if dtype == np.uint8:
        return (values % 256).astype(np.uint8)
    return (values / max(1, values.size - 1)).astype(dtype)


@pytest.mark.parametrize("shape", [(28, 28), (6, 5, 3)])
def test_to_tensor_scales_uint8_into_0_1_channels_first_as_torchvision(shape):
    a = image(*shape, dtype=np.uint8)
    t = T.ToTensor()(a)
    chw = a[None] if a.ndim == 2 else a.transpose(2, 0, 1)
    expected = torch.from_numpy(np.ascontiguousarray(chw)).float().div(255).numpy()
    assert isinstance(t, ag.Tensor) and t.dtype == np.float32 and t.shape == expected.shape
    assert np.array_equal(t.numpy(), expected) and 0 <= t.numpy().min() <= t.numpy().max() <= 1


def test_to_tensor_keeps_a_floating_image_unscaled_and_follows_the_default_dtype():
    a = image(4, 4) * 7
    assert np.array_equal(T.ToTensor()(a).numpy(), a[None])
    ag.set_default_dtype(np.float64)
    try:
        assert T.ToTensor()(image(4, 4, dtype=np.uint8)).dtype == np.float64
    finally:
        ag.set_default_dtype(np.float32)


@pytest.mark.parametrize(
    "bad, error, words",
    [
        (np.zeros((2, 2), np.int32), TypeError, "int32"),
        (np.zeros(4, np.uint8), TypeError, "(4,)"),
        (ag.zeros(2, 2), TypeError, "Tensor"),
    ],
)
def test_to_tensor_refuses_what_it_cannot_convert(bad, error, words):
    with pytest.raises(error, match="ToTensor") as info:
        T.ToTensor()(bad)
    assert words in str(info.value)


def test_normalize_standardizes_each_channel():
    x = (
        np.random.default_rng(1)
        .normal([[[1.0]], [[-3.0]], [[10.0]]], [[[2.0]], [[0.5]], [[4.0]]], size=(3, 16, 16))
        .astype(np.float32)
    )
    mean, std = x.mean(axis=(1, 2)), x.std(axis=(1, 2))
    out = T.Normalize(mean.tolist(), std.tolist())(x)
    assert out.dtype == np.float32 and out.shape == x.shape
    np.testing.assert_allclose(out.mean(axis=(1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2)), 1, rtol=1e-5)
    expected = (torch.from_numpy(x) - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[
        :, None, None
    ]
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-6)


def test_normalize_of_a_tensor_gives_a_tensor_and_one_value_serves_every_channel():
    out = T.Normalize(0.5, 0.25)(ag.ones(2, 3, 3))
    assert isinstance(out, ag.Tensor) and np.array_equal(out.numpy(), np.full((2, 3, 3), 2.0))


@pytest.mark.parametrize(
    "transform, bad, error, words",
    [
        (T.Normalize([0.1, 0.2], [1, 1]), np.zeros((3, 4, 4), np.float32), ValueError, "2 values"),
        (T.Normalize(0.1, 1), np.zeros((4, 4), np.float32), ValueError, "(C, H, W)"),
        (T.Normalize(0.1, 1), np.zeros((1, 4, 4), np.uint8), TypeError, "ToTensor first"),
        (T.GaussianNoise(), np.zeros((1, 4, 4), np.uint8), TypeError, "uint8"),
        (T.RandomCrop(5), np.zeros((1, 4, 4)), ValueError, "larger than the padded image (4, 4)"),
        (T.RandomHorizontalFlip(), np.zeros(4), ValueError, "shape (4,)"),
        (T.RandomAffine(10), [[0.0]], TypeError, "list"),
        (T.RandomHorizontalFlip(), ag.zeros(3, 3, requires_grad=True), TypeError, "requires grad"),
    ],
)
def test_transforms_name_themselves_and_what_is_wrong_with_the_image(transform, bad, error, words):
    with pytest.raises(error, match=type(transform).__name__) as info:
        transform(bad)
    assert words in str(info.value)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: T.Normalize(0, 0), "std must be positive"),
        (lambda: T.RandomCrop(3, padding=(1, 2, 3)), "padding"),
        (lambda: T.RandomCrop((3, -1)), "size"),
        (lambda: T.RandomCrop(3, padding_mode="wrap"), "wrap"),
        (lambda: T.RandomHorizontalFlip(1.5), "1.5"),
        (lambda: T.RandomAffine(-5), "degrees"),
        (lambda: T.RandomAffine(5, translate=(0.1, 2)), "translate"),
        (lambda: T.RandomAffine(5, scale=(0, 1)), "scale"),
        (lambda: T.GaussianNoise(sigma=-1), "sigma"),
    ],
)
def test_transforms_refuse_bad_settings(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def windows(padded, h, w):
    return [
        padded[..., i : i + h, j : j + w]
        for i in range(padded.shape[-2] - h + 1)
        for j in range(padded.shape[-1] - w + 1)
    ]


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric"])
def test_random_crop_returns_a_window_of_the_padded_image(mode):
    x = image(2, 6, 7)
    padded = np.pad(
        x,
        [(0, 0), (1, 3), (2, 4)],
        mode=mode,
        **({"constant_values": -1} if mode == "constant" else {}),
    )
    crop = T.RandomCrop((5, 4), padding=(2, 1, 4, 3), fill=-1, padding_mode=mode)
    for _ in range(20):
        out = crop(x)
        assert out.shape == (2, 5, 4) and out.dtype == x.dtype
        assert any(np.array_equal(out, w) for w in windows(padded, 5, 4))


def test_random_crop_draws_every_offset_about_equally_often():
    """A 3x3 crop of a 4x4 image has 4 offsets: over 4000 crops each comes 1000 times, within
    5 standard deviations (27 each)."""
    x = image(4, 4)
    counts = {}
    for _ in range(4000):
        corner = T.RandomCrop(3)(x)[0, 0]
        counts[corner] = counts.get(corner, 0) + 1
    assert sorted(counts) == sorted(x[:2, :2].ravel())
    assert all(abs(c - 1000) < 5 * math.sqrt(4000 * 0.25 * 0.75) for c in counts.values())


def test_random_crop_of_the_whole_image_is_the_image():
    x = image(1, 5, 5)
    assert np.array_equal(T.RandomCrop(5)(x), x)


def test_random_horizontal_flip_mirrors_with_probability_p():
    """p=0.3: over 2000 calls, 600 flips within 5 standard deviations (20.5)."""
    x = image(3, 4, 5)
    assert np.array_equal(T.RandomHorizontalFlip(0)(x), x)
    assert np.array_equal(T.RandomHorizontalFlip(1)(x), x[..., ::-1])
    outs = [T.RandomHorizontalFlip(0.3)(x) for _ in range(2000)]
    assert all(np.array_equal(o, x) or np.array_equal(o, x[..., ::-1]) for o in outs)
    flips = sum(np.array_equal(o, x[..., ::-1]) for o in outs)
    assert abs(flips - 600) < 5 * math.sqrt(2000 * 0.3 * 0.7)


@pytest.mark.parametrize("size", [4, 5])
def test_random_affine_by_a_quarter_turn_is_rot90(size):
    x = image(2, size, size)
    out = T.RandomAffine((90, 90))(x)
    assert np.array_equal(out, np.rot90(x, 1, axes=(-2, -1)))


def test_random_affine_without_rotation_shifts_by_whole_pixels_filling_the_gap():
    x = image(6, 8, dtype=np.uint8)
    for _ in range(30):
        out = T.RandomAffine(0, translate=(0.25, 0.5), fill=255)(x)
        assert out.dtype == np.uint8 and out.shape == x.shape
        shifted = [shift(x, dy, dx, 255) for dy in range(-3, 4) for dx in range(-2, 3)]
        assert any(np.array_equal(out, s) for s in shifted)
    assert np.array_equal(T.RandomAffine(0)(x), x)


def shift(x, dy, dx, fill):
    """x moved down by dy and right by dx, `fill` where nothing moved in."""
    out = np.full_like(x, fill)
    h, w = x.shape
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = x[
        max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out


def test_random_affine_moves_pixels_without_inventing_values():
    x = image(1, 9, 9)
    for _ in range(20):
        out = T.RandomAffine(45, translate=(0.2, 0.2), scale=(0.8, 1.2), fill=-1)(x)
        assert out.shape == x.shape and np.isin(out, np.append(x, -1)).all()


def test_gaussian_noise_has_the_mean_and_spread_asked_and_clips_to_0_1():
    """Noise over 40,000 pixels: mean within 5 standard errors, std within 2%."""
    x = np.full((1, 200, 200), 0.5, np.float32)
    noise = T.GaussianNoise(mean=0.1, sigma=0.3, clip=False)(x) - x
    assert abs(noise.mean() - 0.1) < 5 * 0.3 / 200 and noise.std() == pytest.approx(0.3, rel=0.02)
    clipped = T.GaussianNoise(sigma=1.0)(x)
    assert clipped.dtype == np.float32 and clipped.min() == 0 and clipped.max() == 1


@pytest.mark.parametrize("transform", RANDOM, ids=lambda t: type(t).__name__)
def test_random_transforms_repeat_with_the_seed(transform):
    x = image(1, 7, 7)

    def run(seed):
        ag.manual_seed(seed)
        return [transform(x) for _ in range(10)]

    first = run(5)
    assert all(np.array_equal(a, b) for a, b in zip(first, run(5), strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, run(6), strict=True))


@pytest.mark.parametrize("transform", RANDOM, ids=lambda t: type(t).__name__)
def test_a_tensor_comes_back_a_tensor_and_the_input_is_left_alone(transform):
    x = image(1, 7, 7)
    before = x.copy()
    out = transform(ag.from_numpy(x))
    assert isinstance(out, ag.Tensor) and out.dtype == x.dtype and np.array_equal(x, before)


def test_compose_applies_the_transforms_in_order():
    x = image(5, 5, dtype=np.uint8)
    out = T.Compose([T.ToTensor(), T.Normalize(0.5, 0.5), T.RandomHorizontalFlip(1.0)])(x)
    np.testing.assert_allclose(out.numpy(), ((x / 255 - 0.5) / 0.5)[None, :, ::-1], rtol=1e-6)
    assert "Normalize(mean=(0.5,), std=(0.5,))" in repr(T.Compose([T.Normalize(0.5, 0.5)]))
