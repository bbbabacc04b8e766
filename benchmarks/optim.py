"""One optimizer step (Adam; SGD with momentum) on the 784-256-128-10 MLP's parameters, gradients
already set: glassgrad vs the same update written by hand in numpy, in place, vs PyTorch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import autograd
import optim

from . import numpy_mlp
from .timing import best_times, report, torch_label, torch_or_none

SIZES = [784, 256, 128, 10]
LR, MOMENTUM, BETAS, EPS = 1e-3, 0.9, (0.9, 0.999), 1e-8


def hand_sgd(params: list[np.ndarray], grads: list[np.ndarray]) -> Callable[[], None]:
    """SGD with momentum in numpy: b <- momentum b + g; p <- p - lr b."""
    buffers = [g.copy() for g in grads]  # as after the first step

    def step() -> None:
        for p, g, b in zip(params, grads, buffers, strict=True):
            b *= MOMENTUM
            b += g
            p -= LR * b

    return step


def hand_adam(params: list[np.ndarray], grads: list[np.ndarray]) -> Callable[[], None]:
    """Adam in numpy, as optim.Adam's docstring writes it."""
    beta1, beta2 = BETAS
    ms, vs = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]
    count = [0]

    def step() -> None:
        count[0] += 1
        t = count[0]
        for p, g, m, v in zip(params, grads, ms, vs, strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            denom = np.sqrt(v)
            denom /= (1 - beta2**t) ** 0.5
            denom += EPS
            p -= LR / (1 - beta1**t) * m / denom

    return step


def library_step(lib, tensor, make, params: list[np.ndarray], grads: list[np.ndarray], **kw):
    """A closure: one step of the optimizer `make(lib, leaves, **kw)` of a library, over copies of
    the parameters with their gradients set."""
    leaves = [tensor(p.copy(), requires_grad=True) for p in params]
    for leaf, g in zip(leaves, grads, strict=True):
        leaf.grad = tensor(g.copy())
    return make(lib, leaves, **kw).step


def adam(lib, params, **kw):
    return lib.Adam(params, lr=LR, betas=BETAS, eps=EPS, **kw)


def sgd(lib, params, **kw):
    return lib.SGD(params, lr=LR, momentum=MOMENTUM, **kw)


# name: (the update by hand, the optimizer in a library)
OPTIMIZERS = {"Adam": (hand_adam, adam), "SGD, momentum 0.9": (hand_sgd, sgd)}


def run(name: str, params: list[np.ndarray], grads: list[np.ndarray], torch) -> None:
    """Time one step of optimizer `name` in each system, in turns, and print the ratios."""
    by_hand, make = OPTIMIZERS[name]
    systems = {
        "numpy": by_hand([p.copy() for p in params], grads),
        "glassgrad": library_step(optim, autograd.tensor, make, params, grads),
    }
    if torch is not None:
        systems["torch"] = library_step(
            torch.optim, torch.tensor, make, params, grads, foreach=True
        )
    t = best_times(systems)
    print(f"\n{name}: one step on the MLP {'-'.join(map(str, SIZES))}'s parameters")
    labels = {"numpy": "numpy by hand, in place", **torch_label(torch, "CPU, foreach")}
    report(t, "us", 1e6, 0, labels)


def main() -> None:
    rng = np.random.default_rng(0)
    params = numpy_mlp.init(SIZES, rng)
    grads = [(0.01 * rng.standard_normal(p.shape)).astype(np.float32) for p in params]
    torch = torch_or_none()
    for name in OPTIMIZERS:
        run(name, params, grads, torch)


if __name__ == "__main__":
    main()
