"""A hand-written numpy LSTM layer: forward over the sequence and backprop through time with no
framework at all, every buffer allocated once per call and written in place. The floor for
benchmarks/lstm.py: the same math as nn.LSTM (PyTorch's gates i, f, g, o)."""

from __future__ import annotations

import numpy as np


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _blocks(a: np.ndarray, k: int) -> list[np.ndarray]:
    """The four gate blocks (views) of a (N, 4k) array."""
    return [a[:, j * k : (j + 1) * k] for j in range(4)]


def forward(
    params: list[np.ndarray], x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every step's gate activations (L, N, 4H), h (L + 1, N, H, h_0 = 0 first), c (the same)
    and tanh(c_t) (L, N, H), for x (L, N, input) and [W_ih, W_hh, b_ih, b_hh]."""
    w_ih, w_hh, b_ih, b_hh = params
    steps, n, k = x.shape[0], x.shape[1], w_hh.shape[1]
    xw = (x.reshape(-1, x.shape[2]) @ w_ih.T + (b_ih + b_hh)).reshape(steps, n, 4 * k)
    acts = np.empty((steps, n, 4 * k), x.dtype)
    hs, cs = np.zeros((steps + 1, n, k), x.dtype), np.zeros((steps + 1, n, k), x.dtype)
    tanh_c = np.empty((steps, n, k), x.dtype)
    for t in range(steps):
        pre = xw[t] + hs[t] @ w_hh.T
        acts[t] = _sigmoid(pre)
        i, f, g, o = _blocks(acts[t], k)
        g[...] = np.tanh(pre[:, 2 * k : 3 * k])
        cs[t + 1] = f * cs[t] + i * g
        tanh_c[t] = np.tanh(cs[t + 1])
        hs[t + 1] = o * tanh_c[t]
    return acts, hs, cs, tanh_c


def step(params: list[np.ndarray], x: np.ndarray) -> list[np.ndarray]:
    """The gradients of the sum of every output h_t with respect to [W_ih, W_hh, b_ih, b_hh]."""
    acts, hs, cs, tanh_c = forward(params, x)
    k = hs.shape[2]
    d_gates = np.empty_like(acts)
    dh, dc = np.zeros_like(hs[0]), np.zeros_like(cs[0])
    for t in reversed(range(len(acts))):
        i, f, g, o = _blocks(acts[t], k)
        d_i, d_f, d_g, d_o = _blocks(d_gates[t], k)
        gh, tc = 1 + dh, tanh_c[t]  # d(sum of outputs)/dh_t is 1, plus what comes back
        dc = dc + gh * o * (1 - tc * tc)
        d_i[...] = dc * g * i * (1 - i)
        d_f[...] = dc * cs[t] * f * (1 - f)
        d_g[...] = dc * i * (1 - g * g)
        d_o[...] = gh * tc * o * (1 - o)
        dh, dc = d_gates[t] @ params[1], dc * f
    flat = d_gates.reshape(-1, 4 * k)
    d_b = flat.sum(axis=0)
    return [flat.T @ x.reshape(-1, x.shape[2]), flat.T @ hs[:-1].reshape(-1, k), d_b, d_b]
