"""The gates of a recurrent step, fused: an LSTM or GRU step is then a few nodes (two linear
projections and one cell), not the dozen elementwise ops its formula spells out. Each cell took
the LSTM benchmark from 17 nodes per step to 5 (see benchmarks/lstm.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..tensor import Tensor
from .elementwise import Sigmoid, sigmoid
from .lift import lift_all


def _sigmoid(x: Any) -> Any:
    """The stable sigmoid on an ndarray, or the recorded op on a Tensor (in a backward)."""
    return sigmoid(x) if isinstance(x, Tensor) else Sigmoid.forward(None, x)


def _quarters(a: Any) -> list[Any]:
    """The four gate blocks along the last axis."""
    k = a.shape[-1] // 4
    return [a[..., j * k : (j + 1) * k] for j in range(4)]


def _thirds(a: Any) -> list[Any]:
    """The three gate blocks along the last axis."""
    k = a.shape[-1] // 3
    return [a[..., j * k : (j + 1) * k] for j in range(3)]


def _gates(pre: Any) -> tuple[Any, Any, Any, Any]:
    """An LSTM's gates s(i), s(f), tanh(g), s(o) from their pre-activations (one sigmoid call
    over all four blocks: cheaper than three calls over one block each)."""
    i, f, _, o = _quarters(_sigmoid(pre))
    return i, f, np.tanh(_quarters(pre)[2]), o


class LstmCell(Function):
    """[h', c'] from gates = xw + hw split as i, f, g, o (PyTorch's order) and the cell c:
    c' = s(f) c + s(i) tanh(g),  h' = s(o) tanh(c')  (s the sigmoid);  with
    dc = g_c' + g_h' s(o) (1 - tanh(c')^2):  d/dc = dc s(f),  d/d gates = [dc tanh(g) s'(i),
    dc c s'(f), dc s(i) (1 - tanh(g)^2), g_h' tanh(c') s'(o)],  s'(x) = s(x) (1 - s(x)),
    the same for xw and hw."""

    name = "lstm_cell"
    saves_output = True

    def forward(self, xw, hw, c):
        i, f, g, o = _gates(xw + hw)
        c2 = f * c + i * g
        return np.concatenate([o * np.tanh(c2), c2], axis=-1)

    def backward(self, grad, out, xw, hw, c):
        i, f, g, o = _gates(xw + hw)
        k = c.shape[-1]
        g_h, g_c = grad[..., :k], grad[..., k:]
        tc = np.tanh(out[..., k:])
        dc = g_c + g_h * o * (1 - tc * tc)
        d = np.concatenate(
            [
                dc * g * i * (1 - i),
                dc * c * f * (1 - f),
                dc * i * (1 - g * g),
                g_h * tc * o * (1 - o),
            ],
            axis=-1,
        )
        return d, d, dc * f


class GruCell(Function):
    """h' = (1 - z) n + z h from xw and hw split as r, z, n (PyTorch's order):
    r = s(x_r + h_r), z = s(x_z + h_z), n = tanh(x_n + r h_n);  with dn = g (1 - z)
    (1 - n^2):  d/dh = g z,  d/dxw = [dn h_n s'(r), g (h - n) s'(z), dn],
    d/dhw = [dn h_n s'(r), g (h - n) s'(z), dn r]."""

    name = "gru_cell"

    def forward(self, xw, hw, h):
        (x_r, x_z, x_n), (h_r, h_z, h_n) = _thirds(xw), _thirds(hw)
        r, z = _sigmoid(x_r + h_r), _sigmoid(x_z + h_z)
        n = np.tanh(x_n + r * h_n)
        return n + z * (h - n)

    def backward(self, grad, out, xw, hw, h):
        (x_r, x_z, x_n), (h_r, h_z, h_n) = _thirds(xw), _thirds(hw)
        r, z = _sigmoid(x_r + h_r), _sigmoid(x_z + h_z)
        n = np.tanh(x_n + r * h_n)
        dn = grad * (1 - z) * (1 - n * n)
        dr, dz = dn * h_n * r * (1 - r), grad * (h - n) * z * (1 - z)
        return (
            np.concatenate([dr, dz, dn], axis=-1),
            np.concatenate([dr, dz, dn * r], axis=-1),
            grad * z,
        )


def _check(op: str, gates: int, xw: Tensor, hw: Tensor, state: Tensor) -> None:
    """Raise, naming the op, unless xw and hw are (N, gates * H) and the state (N, H)."""
    if not (xw.shape == hw.shape and xw.shape[:-1] == state.shape[:-1]) or xw.shape[-1] != (
        gates * state.shape[-1]
    ):
        raise OpError(
            f"{op}: expected input and hidden gates (N, {gates}H) and a state (N, H), got "
            f"{xw.shape}, {hw.shape} and {state.shape}"
        )


def lstm_cell(input_gates: Any, hidden_gates: Any, c: Any) -> tuple[Tensor, Tensor]:
    """One LSTM step from its projections x W_ih^T + b_ih and h W_hh^T + b_hh (N, 4H) and the
    cell state c (N, H): the new (h, c)."""
    xw, hw, c = lift_all([input_gates, hidden_gates, c])
    _check("lstm_cell", 4, xw, hw, c)
    out = LstmCell.apply(xw, hw, c)
    k = c.shape[-1]
    return out[..., :k], out[..., k:]


def gru_cell(input_gates: Any, hidden_gates: Any, h: Any) -> Tensor:
    """One GRU step from its projections x W_ih^T + b_ih and h W_hh^T + b_hh (N, 3H) and the
    hidden state h (N, H): the new h."""
    xw, hw, h = lift_all([input_gates, hidden_gates, h])
    _check("gru_cell", 3, xw, hw, h)
    return GruCell.apply(xw, hw, h)
