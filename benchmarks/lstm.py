"""LSTM(32, 128, batch_first=True) over a batch of 32 sequences of 50 steps, forward + backward:
glassgrad vs the same layer written by hand in numpy (benchmarks/numpy_lstm.py) vs PyTorch."""

from __future__ import annotations

import numpy as np

import autograd
import nn

from . import numpy_lstm
from .timing import best_times, report, torch_label, torch_or_none

WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


def step(lstm, x) -> None:
    """Forward, a loss on every output, backward."""
    lstm(x)[0].sum().backward()


def main() -> None:
    print("\nLSTM(32, 128, batch_first=True), batch 32 x 50 steps: forward + backward")
    data = np.random.default_rng(0).standard_normal((32, 50, 32)).astype(np.float32)
    ours, x = nn.LSTM(32, 128, batch_first=True), autograd.Tensor(data)
    params = [getattr(ours, name).data.copy() for name in WEIGHTS]
    systems = {
        "numpy": lambda: numpy_lstm.step(params, data.swapaxes(0, 1)),
        "glassgrad": lambda: step(ours, x),
    }
    torch = torch_or_none()
    if torch is not None:
        theirs, t_x = torch.nn.LSTM(32, 128, batch_first=True), torch.from_numpy(data)
        systems["torch"] = lambda: step(theirs, t_x)
    labels = {"numpy": "numpy by hand (one fused layer)", **torch_label(torch)}
    report(best_times(systems), "ms", 1e3, 1, labels)
