"""LSTM(32, 128, batch_first=True) over a batch of 32 sequences of 50 steps, forward + backward."""

from __future__ import annotations

import numpy as np

import autograd
import nn

from .timing import best_times, report, torch_label, torch_or_none


def step(lstm, x) -> None:
    """Forward, a loss on every output, backward."""
    lstm(x)[0].sum().backward()


def main() -> None:
    print("\nLSTM(32, 128, batch_first=True), batch 32 x 50 steps: forward + backward")
    data = np.random.default_rng(0).standard_normal((32, 50, 32)).astype(np.float32)
    ours, x = nn.LSTM(32, 128, batch_first=True), autograd.Tensor(data)
    systems = {"glassgrad": lambda: step(ours, x)}
    torch = torch_or_none()
    if torch is not None:
        theirs, t_x = torch.nn.LSTM(32, 128, batch_first=True), torch.from_numpy(data)
        systems["torch"] = lambda: step(theirs, t_x)
    report(best_times(systems), "ms", 1e3, 1, torch_label(torch))
