"""Training utilities with PyTorch's names (`torch.nn.utils`): gradient clipping (the lectures'
cure for exploding gradients) and parameters as one flat vector."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

import autograd
from autograd import Tensor, no_grad


def _with_grads(parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    """The parameters (one tensor or many) that have a gradient."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p for p in params if p.grad is not None]


def clip_grad_norm_(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
) -> Tensor:
    """Scale all gradients together so that their joint `norm_type` norm is at most `max_norm`;
    returns the norm before clipping. As PyTorch: the scale is max_norm / (norm + 1e-6), capped
    at 1, and a NaN or infinite norm raises only with `error_if_nonfinite`."""
    params = _with_grads(parameters)  # once: `model.parameters()` is a generator
    grads = [p.grad.data for p in params]
    if not grads:
        return autograd.tensor(0.0)
    norm_type = float(norm_type)
    if norm_type == math.inf:
        total = max(float(np.abs(g).max(initial=0.0)) for g in grads)
    else:
        total = sum(float((np.abs(g) ** norm_type).sum()) for g in grads) ** (1.0 / norm_type)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"clip_grad_norm_: the total norm of order {norm_type} of the gradients is {total}; "
            "pass error_if_nonfinite=False to clip anyway"
        )
    scale = min(max_norm / (total + 1e-6), 1.0)
    with no_grad():
        for p in params:
            p.grad.mul_(scale)
    return autograd.tensor(total, dtype=grads[0].dtype)


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float) -> None:
    """Clip every gradient element into [-clip_value, clip_value], in place."""
    with no_grad():
        for p in _with_grads(parameters):
            p.grad.copy_(np.clip(p.grad.data, -clip_value, clip_value))


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and joined into one vector (recorded: gradients flow back)."""
    return autograd.cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of `vec` into the parameters, in place; the length must match."""
    params = list(parameters)
    total = sum(p.numel() for p in params)
    if vec.ndim != 1 or vec.shape[0] != total:
        raise ValueError(
            f"vector_to_parameters: expected a vector of {total} elements, got shape {vec.shape}"
        )
    with no_grad():
        start = 0
        for p in params:
            p.copy_(vec.data[start : start + p.numel()].reshape(p.shape))
            start += p.numel()
