"""Losses fused into one primitive where that is faster or stabler than composing ops, and what
every loss shares: the check of its settings and the reduction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..function import Elementwise, Function, OpError
from ..tensor import Tensor, make_tensor
from .activation import _sigmoid
from .lift import floating, lift, lift_pair
from .softmax import log_softmax, softmax, stable_log_softmax

REDUCTIONS = ("mean", "sum", "none")
_LOG_FLOOR = -100.0  # PyTorch's BCE clamps each log at -100, so a loss is finite at 0 and 1
_BCE_EPSILON = float(np.float32(1e-12))  # and divides its gradient by at least this (a float)


def check_reduction(op: str, reduction: Any) -> None:
    """Refuse a reduction that is not 'mean', 'sum' or 'none', naming `op`."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"{op}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def reduce(loss: Any, reduction: str, total: Any = None) -> Any:
    """The elementwise `loss` (an ndarray or a Tensor) reduced: 'none' leaves it, 'sum' adds it
    up, 'mean' divides that sum by `total` (the number of elements if None)."""
    if reduction == "none":
        return loss
    s = loss.sum()
    if reduction == "sum":
        return s
    return s / (int(np.prod(loss.shape)) if total is None else total)


def _pick(x: np.ndarray, target: np.ndarray) -> np.ndarray:
    """x[i, target[i], ...] along axis 1 (for 2-D x, fancy indexing: 3x faster)."""
    if x.ndim == 2:
        return x[np.arange(len(target)), target]
    return np.take_along_axis(x, target[:, None], axis=1)[:, 0]


def _onehot(shape: tuple[int, ...], target: np.ndarray, dtype: np.dtype, value: Any) -> np.ndarray:
    """Zeros of `shape` with `value` (per sample, or 1) at each sample's target class."""
    q = np.zeros(shape, dtype)
    if q.ndim == 2:
        q[np.arange(len(target)), target] = value
    else:
        np.put_along_axis(q, target[:, None], value if np.ndim(value) == 0 else value[:, None], 1)
    return q


class CrossEntropy(Function):
    """-sum_c q_c log softmax(logits)_c per sample, q = pick * onehot(target) + smooth * weight,
    reduced;  d/dlogits = softmax * sum_c q_c - q (the plain mean: (softmax - onehot) / N).

    Fused: one op instead of log_softmax, indexing and mean, and no scatter in forward. `pick`
    (the target class's weight, 0 where ignored) and `smooth` (label smoothing's share of each
    class weight) are None in the plain case, which then does no work for them."""

    name = "cross_entropy"

    def forward(self, logits, target, total, reduction="mean", pick=None, smooth=None, weight=None):
        self.target, self.total, self.reduction = target, total, reduction
        self.pick, self.smooth, self.weight = pick, smooth, weight
        log_probs = stable_log_softmax(logits, 1)
        self.probs = np.exp(log_probs)
        gain = _pick(log_probs, target)  # minus the loss: negated once, after the reduction
        if pick is not None:
            gain *= pick
        if smooth is not None:
            per_class = log_probs if weight is None else log_probs * self._along_classes(weight)
            gain += smooth * per_class.sum(axis=1)
        return -reduce(gain, reduction, total)

    def _along_classes(self, v: np.ndarray) -> np.ndarray:
        """A per-class vector shaped to broadcast along axis 1 of the logits."""
        return v.reshape((1, -1) + (1,) * (self.probs.ndim - 2))

    def backward(self, g, out, logits):
        probs = self.probs
        q = _onehot(probs.shape, self.target, probs.dtype, 1 if self.pick is None else self.pick)
        if self.smooth is not None:
            w = np.ones(probs.shape[1], probs.dtype) if self.weight is None else self.weight
            q += self.smooth[:, None] * self._along_classes(w)
        # saved probs are a constant; under create_graph they must be recomputed as a recorded
        # function of the logits, or the second derivative would silently miss their dependence
        if isinstance(logits, Tensor):
            probs = softmax(logits, axis=1)
        if self.pick is not None or self.smooth is not None:
            probs = probs * q.sum(axis=1, keepdims=True)
        if self.reduction == "none":
            return (probs - q) * g.reshape(self.target.shape[:1] + (1,) + self.target.shape[1:])
        return (probs - q) * (g / self.total if self.reduction == "mean" else g)


class SoftCrossEntropy(Function):
    """-sum_c q_c log softmax(logits)_c along axis 1, for class probabilities q;
    d/dlogits = softmax * sum_c q_c - q,  d/dq = -log softmax(logits)."""

    name = "soft_cross_entropy"

    def forward(self, logits, q):
        self.log_probs = stable_log_softmax(logits, 1)
        return -(q * self.log_probs).sum(axis=1)

    def backward(self, g, out, logits, q):
        # under create_graph, recomputed as a recorded function of the logits (see CrossEntropy)
        log_probs = log_softmax(logits, axis=1) if isinstance(logits, Tensor) else self.log_probs
        g = g.reshape(g.shape[:1] + (1,) + g.shape[1:])
        gx = g * (np.exp(log_probs) * q.sum(axis=1, keepdims=True) - q) if self.needs(0) else None
        return gx, (-(g * log_probs) if self.needs(1) else None)


class BinaryCrossEntropy(Elementwise):
    """-(y log(x) + (1 - y) log(1 - x)), each log at least -100;  d/dx = (x - y) / max(x (1 - x),
    1e-12) (finite at x = 0 and 1, as PyTorch's),  d/dy = log(1 - x) - log(x)."""

    name = "binary_cross_entropy"

    def forward(self, x, y):
        with np.errstate(divide="ignore"):  # log(0) = -inf, floored right after
            log_x, log_1mx = np.log(x), np.log1p(-x)
        return -(y * np.maximum(log_x, _LOG_FLOOR) + (1 - y) * np.maximum(log_1mx, _LOG_FLOOR))

    def backward(self, g, out, x, y):
        gx = g * (x - y) / np.maximum(x * (1 - x), _BCE_EPSILON) if self.needs(0) else None
        gy = g * (np.log1p(-x) - np.log(x)) if self.needs(1) else None
        return gx, gy


def _neg_log_sigmoid(x: Any) -> Any:
    """-log(sigmoid(x)) = log(1 + exp(-x)), with exp of -|x| only (never overflows)."""
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)


class BinaryCrossEntropyWithLogits(Elementwise):
    """(1 - y) x + (1 + (p - 1) y) log(1 + exp(-x)), p the positive weight;
    d/dx = (1 + (p - 1) y) sigmoid(x) - p y,  d/dy = (p - 1) log(1 + exp(-x)) - x,
    d/dp = y log(1 + exp(-x)).

    Fused: stable for large |x| (exp of -|x| only), and its derivative is exact at x = 0, where
    one composed from abs and max is not."""

    name = "binary_cross_entropy_with_logits"

    def forward(self, x, y, p):
        return (1 - y) * x + (1 + (p - 1) * y) * _neg_log_sigmoid(x)

    def backward(self, g, out, x, y, p):
        gx = g * ((1 + (p - 1) * y) * _sigmoid(x) - p * y) if self.needs(0) else None
        gy = g * ((p - 1) * _neg_log_sigmoid(x) - x) if self.needs(1) else None
        gp = g * y * _neg_log_sigmoid(x) if self.needs(2) else None
        return gx, gy, gp


def operand(op: str, what: str, x: Any) -> Tensor:
    """`x` as a Tensor, or a TypeError naming `op` and what it got."""
    try:
        return lift(x)
    except TypeError:
        shown = repr(x) if len(repr(x)) <= 40 else repr(x)[:39] + "…"
        raise TypeError(
            f"{op}: {what} must be a Tensor, a number or an array of numbers, got "
            f"{type(x).__name__} {shown}"
        ) from None


def floating_operand(op: str, what: str, x: Any) -> Tensor:
    """`x` as a floating Tensor, or an error naming `op` and what it got."""
    x = operand(op, what, x)
    if x.dtype.kind != "f":
        raise OpError(f"{op}: {what} must be floating, got dtype {x.dtype} (shape {x.shape})")
    return x


def class_targets(
    op: str, input: Tensor, target: Any, weight: Any, ignore_index: int, scores: str
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Checked class-index targets for (N, C) or (N, C, d1, ...) `scores` (what the op calls its
    input, in messages): the target with ignored entries sent to class 0 (a valid index), where
    it is kept (None: everywhere) and the class weights in the input's dtype (None: all 1)."""
    t = np.asarray(target.data if isinstance(target, Tensor) else target)
    if input.ndim < 2 or t.shape != input.shape[:1] + input.shape[2:]:
        raise OpError(
            f"{op}: expected {scores} (N, C) and target (N,) of class indices, or {scores} "
            f"(N, C, d1, ...) and target (N, d1, ...); got {input.shape} and {t.shape}"
        )
    n_classes = input.shape[1]
    if t.dtype.kind not in "iu":
        raise OpError(f"{op}: target must hold class indices (integers), got dtype {t.dtype}")
    kept = None
    in_range = not t.size or 0 <= t.min() <= t.max() < n_classes
    if not in_range or 0 <= ignore_index < n_classes:  # the plain case skips the mask
        kept = t != ignore_index
        t = np.where(kept, t, 0)
        if kept.all():
            kept = None
        in_range = not t.size or 0 <= t.min() <= t.max() < n_classes
    if not in_range:
        shown = t if kept is None else t[kept]
        raise OpError(
            f"{op}: target must hold class indices in [0, {n_classes}) (or ignore_index "
            f"{ignore_index}), got values in [{shown.min()}, {shown.max()}]"
        )
    w = None
    if weight is not None:
        w = floating_operand(op, "weight", weight).data.astype(input.dtype)
        if w.shape != (n_classes,):
            raise OpError(f"{op}: weight must have shape ({n_classes},), got {w.shape}")
    return t, kept, w


def entry_weights(
    target: np.ndarray, kept: np.ndarray | None, w: np.ndarray | None, dtype: np.dtype
) -> np.ndarray | None:
    """Each entry's weight: its class's, 0 where ignored (None when all are 1)."""
    if kept is None:
        return None if w is None else w[target]
    return kept.astype(dtype) if w is None else np.where(kept, w[target], 0)


def cross_entropy(
    input: Any,  # noqa: A002 - PyTorch's name
    target: Any,
    weight: Any = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Softmax cross-entropy of scores (N, C), (N, C, d1, ...) or (C,) against class indices (N,),
    (N, d1, ...) or (), or against class probabilities of the scores' shape (a floating target), as
    PyTorch's: class `weight`s, index entries equal to `ignore_index` left out, the mean divided
    by the weight of the entries kept, `label_smoothing` mixing in the uniform distribution."""
    op = "cross_entropy"
    logits = floating_operand(op, "input (logits)", input)
    check_reduction(op, reduction)
    if logits.ndim == 1:
        return one_sample(
            cross_entropy, logits, target, weight, ignore_index=ignore_index,
            reduction=reduction, label_smoothing=label_smoothing,
        )  # fmt: skip
    if not 0.0 <= label_smoothing <= 1.0:
        raise OpError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing!r}")
    if _kind(target) == "f":
        return _soft_cross_entropy(logits, target, weight, reduction, label_smoothing)
    target, kept, w = class_targets(op, logits, target, weight, ignore_index, "logits")
    pick = entry_weights(target, kept, w, logits.dtype)
    total = target.size if pick is None else pick.sum()
    smooth = None
    if label_smoothing:
        smooth = np.full(target.shape, label_smoothing / logits.shape[1], logits.dtype)
        if kept is not None:
            smooth *= kept
        pick = (1 - label_smoothing) * (1 if pick is None else pick)
    if pick is None and smooth is None and reduction == "mean":  # the common case: fewest kwargs
        return CrossEntropy.apply(logits, target=target, total=total)
    return CrossEntropy.apply(
        logits, target=target, total=total, reduction=reduction, pick=pick, smooth=smooth, weight=w
    )


def one_sample(
    loss: Callable[..., Tensor],
    input: Tensor,
    target: Any,
    *args: Any,
    **kw: Any,  # noqa: A002
) -> Tensor:
    """`loss` of an unbatched input (C,) and its target, as PyTorch's: a batch of one sample."""
    out = loss(
        input.unsqueeze(0), operand(loss.__name__, "target", target).unsqueeze(0), *args, **kw
    )
    return out.reshape(()) if kw["reduction"] == "none" else out


def _kind(value: Any) -> str:
    """The dtype kind of a Tensor, an array or Python data ('f' for floating)."""
    return (value.dtype if hasattr(value, "dtype") else np.asarray(value).dtype).kind


def _soft_cross_entropy(
    logits: Tensor, target: Any, weight: Any, reduction: str, label_smoothing: float
) -> Tensor:
    """cross_entropy against class probabilities (target of the logits' shape), as PyTorch's:
    smoothed toward uniform, weighted per class, the mean over the samples."""
    op = "cross_entropy"
    logits, q = lift_pair(logits, operand(op, "target", target))
    if q.shape != logits.shape or logits.ndim < 2:
        raise OpError(
            f"{op}: target must be class indices (integers) of shape (N, d1, ...) or class "
            f"probabilities of the logits' shape {logits.shape}, got dtype {q.dtype} of shape "
            f"{q.shape}"
        )
    n_classes = logits.shape[1]
    if label_smoothing:
        q = q * (1 - label_smoothing) + label_smoothing / n_classes
    if weight is not None:
        w = floating_operand(op, "weight", weight)
        if w.shape != (n_classes,):
            raise OpError(f"{op}: weight must have shape ({n_classes},), got {w.shape}")
        q = q * w.reshape((-1,) + (1,) * (logits.ndim - 2))
    return reduce(SoftCrossEntropy.apply(logits, q), reduction)


def binary_cross_entropy(
    input: Any,  # noqa: A002 - PyTorch's name
    target: Any,
    weight: Any = None,
    *,
    reduction: str = "mean",
) -> Tensor:
    """-(y log(x) + (1 - y) log(1 - x)) for probabilities x in [0, 1] (each log at least -100,
    as PyTorch's), times `weight` (broadcast), reduced."""
    op = "binary_cross_entropy"
    x, y = same_shape(op, input, target)
    check_reduction(op, reduction)
    data = x.data
    if data.size and not (data.min() >= 0 and data.max() <= 1):  # NaN fails both
        raise OpError(
            f"{op}: input must hold probabilities in [0, 1], got values in "
            f"[{data.min()}, {data.max()}]; for scores use binary_cross_entropy_with_logits"
        )
    return _weighted(BinaryCrossEntropy.apply(x, y), weight, reduction)


def binary_cross_entropy_with_logits(
    input: Any,  # noqa: A002 - PyTorch's name
    target: Any,
    weight: Any = None,
    *,
    reduction: str = "mean",
    pos_weight: Any = None,
) -> Tensor:
    """binary_cross_entropy(sigmoid(x), y), computed stably from the scores x; `pos_weight`
    (broadcast along the last dim, as PyTorch's) weighs the positive term."""
    op = "binary_cross_entropy_with_logits"
    x, y = same_shape(op, input, target)
    check_reduction(op, reduction)
    p = make_tensor(np.ones((), x.dtype)) if pos_weight is None else lift(pos_weight, x.dtype)
    return _weighted(BinaryCrossEntropyWithLogits.apply(x, y, p), weight, reduction)


def same_shape(op: str, input: Any, target: Any) -> tuple[Tensor, Tensor]:
    """A floating input and a target of its shape, in one dtype."""
    x, y = lift_pair(floating_operand(op, "input", input), operand(op, "target", target))
    if x.shape != y.shape:
        raise OpError(
            f"{op}: target must have the input's shape {x.shape}, got {y.shape} (PyTorch refuses "
            "to broadcast them)"
        )
    return floating(x), floating(y)


def _weighted(loss: Tensor, weight: Any, reduction: str) -> Tensor:
    """The elementwise loss times `weight` (if any), reduced."""
    return reduce(loss if weight is None else loss * weight, reduction)
