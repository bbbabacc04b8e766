"""Image transforms with torchvision's names, on numpy arrays (a Tensor's values work too and
come back as a Tensor; no graph is recorded). An image is (H, W), or (C, H, W) as ToTensor makes
it: the geometric transforms act on the last two axes. The random ones draw from the package's
generator, so `autograd.manual_seed` repeats them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Tensor, from_numpy, get_default_dtype
from autograd.random import generator

Image = np.ndarray | Tensor


class Compose:
    """The transforms applied one after another."""

    def __init__(self, transforms: Sequence[Callable[[Any], Any]]) -> None:
        self.transforms = list(transforms)

    def __call__(self, image: Any) -> Any:
        for transform in self.transforms:
            image = transform(image)
        return image

    def __repr__(self) -> str:
        return "Compose(" + "".join(f"\n    {t!r}," for t in self.transforms) + "\n)"


class ToTensor:
    """A uint8 image (H, W) or (H, W, C) as a Tensor (C, H, W) in the default float dtype,
    scaled by 1/255 into [0, 1]; a floating image is moved to (C, H, W) but not scaled, as
    torchvision's ToTensor."""

    def __call__(self, image: np.ndarray) -> Tensor:
        if not isinstance(image, np.ndarray) or image.ndim not in (2, 3):
            what = f"shape {image.shape}" if isinstance(image, np.ndarray) else type(image).__name__
            raise TypeError(f"ToTensor: expected a numpy image (H, W) or (H, W, C), got {what}")
        chw = image[None] if image.ndim == 2 else image.transpose(2, 0, 1)
        if image.dtype == np.uint8:
            dtype = get_default_dtype()
            return from_numpy(np.ascontiguousarray(chw, dtype=dtype) / dtype.type(255))
        if image.dtype.kind != "f":
            raise TypeError(
                f"ToTensor: expected a uint8 image (scaled to [0, 1]) or a floating one, got "
                f"dtype {image.dtype}"
            )
        return from_numpy(np.ascontiguousarray(chw))

    def __repr__(self) -> str:
        return "ToTensor()"


class ImageTransform:
    """The base of the array transforms: checks the image (an ndarray or Tensor with at least
    `min_ndim` axes, floating if asked), transforms it by `apply`, returns the same kind."""

    min_ndim, floating = 2, False

    def __call__(self, image: Image) -> Image:
        name = type(self).__name__
        array = image.data if isinstance(image, Tensor) else image
        if not isinstance(array, np.ndarray):
            raise TypeError(f"{name}: expected a numpy array or a Tensor, got {type(image)}")
        if isinstance(image, Tensor) and image.requires_grad:
            raise TypeError(f"{name}: transforms work on data; this tensor requires grad")
        if array.ndim < self.min_ndim:
            axes = "(C, H, W)" if self.min_ndim == 3 else "(H, W) or (C, H, W)"
            raise ValueError(f"{name}: expected an image {axes}, got shape {array.shape}")
        if self.floating and array.dtype.kind != "f":
            raise TypeError(
                f"{name}: expected a floating image (apply ToTensor first), got {array.dtype}"
            )
        out = self.apply(array)
        return from_numpy(out) if isinstance(image, Tensor) else out

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The transformed array: each transform's own work."""
        raise NotImplementedError

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({settings})"


class Normalize(ImageTransform):
    """(image - mean) / std per channel of a floating (C, H, W) image."""

    min_ndim, floating = 3, True

    def __init__(self, mean: Sequence[float] | float, std: Sequence[float] | float) -> None:
        self.mean, self.std = per_channel(mean, "mean"), per_channel(std, "std")
        if min(self.std) <= 0:
            raise ValueError(f"Normalize: std must be positive, got {std}")

    def apply(self, image: np.ndarray) -> np.ndarray:
        channels = image.shape[-3]
        for what, values in (("mean", self.mean), ("std", self.std)):
            if len(values) not in (1, channels):
                raise ValueError(
                    f"Normalize: {what} has {len(values)} values but the image has {channels} "
                    f"channels (shape {image.shape})"
                )
        mean, std = (np.array(v, dtype=image.dtype)[:, None, None] for v in (self.mean, self.std))
        return (image - mean) / std


def per_channel(values: Sequence[float] | float, what: str) -> tuple[float, ...]:
    """One number or a sequence of them, as a tuple of floats."""
    array = np.atleast_1d(np.asarray(values, dtype=np.float64))
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"Normalize: {what} must be a number or a sequence of them: {values!r}")
    return tuple(array.tolist())


def pair(size: int | Sequence[int], what: str, name: str) -> tuple[int, int]:
    """(h, w) from one size or two, each a non-negative integer."""
    pair_ = (size, size) if isinstance(size, int | np.integer) else tuple(size)
    if len(pair_) != 2 or not all(isinstance(s, int | np.integer) and s >= 0 for s in pair_):
        raise ValueError(f"{name}: {what} must be an integer >= 0 or two of them, got {size!r}")
    return int(pair_[0]), int(pair_[1])


class RandomCrop(ImageTransform):
    """A random window of `size` (h, w), after padding each side by `padding` (one number for
    all sides, (left/right, top/bottom), or (left, top, right, bottom) as torchvision) with
    `fill`, or by repeating the border (`padding_mode` edge, reflect or symmetric)."""

    def __init__(
        self,
        size: int | Sequence[int],
        padding: int | Sequence[int] = 0,
        fill: float = 0,
        padding_mode: str = "constant",
    ) -> None:
        self.size = pair(size, "size", "RandomCrop")
        sides = (padding,) if isinstance(padding, int | np.integer) else tuple(padding)
        if len(sides) not in (1, 2, 4) or not all(
            isinstance(p, int | np.integer) and p >= 0 for p in sides
        ):
            raise ValueError(f"RandomCrop: padding must be 1, 2 or 4 integers >= 0: {padding!r}")
        self.padding = {1: sides * 4, 2: sides * 2, 4: sides}[len(sides)]  # (l, t, r, b)
        if padding_mode not in ("constant", "edge", "reflect", "symmetric"):
            raise ValueError(f"RandomCrop: unknown padding_mode {padding_mode!r}")
        self.fill, self.padding_mode = fill, padding_mode

    def apply(self, image: np.ndarray) -> np.ndarray:
        left, top, right, bottom = self.padding
        widths = [(0, 0)] * (image.ndim - 2) + [(top, bottom), (left, right)]
        fill = {"constant_values": self.fill} if self.padding_mode == "constant" else {}
        padded = np.pad(image, widths, mode=self.padding_mode, **fill)
        (h, w), (height, width) = self.size, padded.shape[-2:]
        if h > height or w > width:
            raise ValueError(
                f"RandomCrop: crop size {self.size} is larger than the padded image "
                f"{(height, width)} (image shape {image.shape})"
            )
        rng = generator()
        i, j = rng.integers(height - h + 1), rng.integers(width - w + 1)
        return padded[..., i : i + h, j : j + w].copy()


class RandomHorizontalFlip(ImageTransform):
    """The image mirrored left to right with probability p."""

    def __init__(self, p: float = 0.5) -> None:
        if not 0 <= p <= 1:
            raise ValueError(f"RandomHorizontalFlip: p must be in [0, 1], got {p}")
        self.p = p

    def apply(self, image: np.ndarray) -> np.ndarray:
        return image[..., ::-1].copy() if generator().random() < self.p else image


class RandomAffine(ImageTransform):
    """The image rotated by an angle drawn from `degrees` (counter-clockwise as shown), scaled by
    a factor from `scale`, and shifted by up to `translate` (fractions of width and height,
    rounded to whole pixels), about its centre; each output pixel takes its nearest source pixel,
    `fill` where that falls outside (torchvision's RandomAffine without shear)."""

    def __init__(
        self,
        degrees: float | Sequence[float],
        translate: Sequence[float] | None = None,
        scale: Sequence[float] | None = None,
        fill: float = 0,
    ) -> None:
        self.degrees = (-float(degrees), float(degrees)) if np.isscalar(degrees) else tuple(degrees)
        if len(self.degrees) != 2 or self.degrees[0] > self.degrees[1]:
            raise ValueError(f"RandomAffine: degrees must be d >= 0 or (lo, hi): {degrees!r}")
        if translate is not None and not (
            len(translate) == 2 and all(0 <= t <= 1 for t in translate)
        ):
            raise ValueError(
                f"RandomAffine: translate must be two fractions in [0, 1]: {translate}"
            )
        if scale is not None and not (len(scale) == 2 and 0 < scale[0] <= scale[1]):
            raise ValueError(f"RandomAffine: scale must be (lo, hi) with 0 < lo <= hi: {scale}")
        self.translate, self.scale, self.fill = translate, scale, fill

    def apply(self, image: np.ndarray) -> np.ndarray:
        rng = generator()
        height, width = image.shape[-2:]
        angle = np.deg2rad(rng.uniform(*self.degrees))
        factor = 1.0 if self.scale is None else rng.uniform(*self.scale)
        tx, ty = (0, 0)
        if self.translate is not None:
            tx = round(rng.uniform(-1, 1) * self.translate[0] * width)
            ty = round(rng.uniform(-1, 1) * self.translate[1] * height)
        # Each output pixel looks up where the inverse map sends it (y grows downwards).
        cy, cx = (height - 1) / 2, (width - 1) / 2
        dy, dx = np.mgrid[:height, :width]
        dx, dy = dx - cx - tx, dy - cy - ty
        cos, sin = np.cos(angle) / factor, np.sin(angle) / factor
        src_x = np.rint(cx + cos * dx - sin * dy).astype(np.intp)
        src_y = np.rint(cy + sin * dx + cos * dy).astype(np.intp)
        inside = (src_x >= 0) & (src_x < width) & (src_y >= 0) & (src_y < height)
        out = image[..., src_y.clip(0, height - 1), src_x.clip(0, width - 1)]
        return np.where(inside, out, np.asarray(self.fill, dtype=image.dtype))


class GaussianNoise(ImageTransform):
    """A floating image plus noise drawn from N(mean, sigma^2) per pixel, clipped to [0, 1] if
    `clip` (torchvision's v2 GaussianNoise)."""

    floating = True

    def __init__(self, mean: float = 0.0, sigma: float = 0.1, clip: bool = True) -> None:
        if sigma < 0:
            raise ValueError(f"GaussianNoise: sigma must be >= 0, got {sigma}")
        self.mean, self.sigma, self.clip = mean, sigma, clip

    def apply(self, image: np.ndarray) -> np.ndarray:
        noise = generator().standard_normal(image.shape, dtype=np.float64)
        noisy = (image + (self.mean + self.sigma * noise)).astype(image.dtype)
        return noisy.clip(0, 1) if self.clip else noisy
