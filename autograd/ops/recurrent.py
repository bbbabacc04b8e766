"""Recurrent steps, fused: an LSTM or GRU step is a few nodes (two linear projections and one
cell), not the dozen elementwise ops its formula spells out; and a whole layer's pass over a
sequence is one node (`recurrence`), which runs the cells step by step inside it."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..tensor import Tensor
from .elementwise import Relu, Sigmoid, Tanh, sigmoid
from .lift import lift_all


def _sigmoid(x: Any) -> Any:
    """The stable sigmoid on an ndarray, or the recorded op on a Tensor (in a backward)."""
    return sigmoid(x) if isinstance(x, Tensor) else Sigmoid.forward(None, x)


def _quarters(a: Any) -> list[Any]:
    """The four gate blocks along the last axis."""
    k = a.shape[-1] // 4
    return [a[..., j * k : (j + 1) * k] for j in range(4)]


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
    the same for xw and hw.

    Forward keeps the gates and tanh(c') for a plain backward: numpy's sigmoid and tanh are
    most of the cell's time. Under create_graph backward recomputes them on Tensors instead, so
    second derivatives flow through them."""

    name = "lstm_cell"
    saves_output = True
    blocks, width = 4, 2  # gate blocks in xw and hw; the output [h', c'] is two states wide

    def forward(self, xw, hw, c):
        i, f, g, o = self.acts = _gates(xw + hw)
        c2 = f * c + i * g
        self.tanh_c = np.tanh(c2)
        return np.concatenate([o * self.tanh_c, c2], axis=-1)

    def backward(self, grad, out, xw, hw, c):
        k = c.shape[-1]
        if isinstance(grad, Tensor):
            (i, f, g, o), tc = _gates(xw + hw), np.tanh(out[..., k:])
        else:
            (i, f, g, o), tc = self.acts, self.tanh_c
        g_h, g_c = grad[..., :k], grad[..., k:]
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

    @staticmethod
    def carried(s: Any, k: int) -> tuple[Any, ...]:
        """The step's own state input, from the previous output [h, c]: c (h enters by hw)."""
        return (s[..., k:],)

    @staticmethod
    def carry(d_h: Any, d_c: Any) -> Any:
        """The previous output's gradient, from h's (through hw) and c's."""
        return np.concatenate([d_h, d_c], axis=-1)


class GruCell(Function):
    """h' = (1 - z) n + z h from xw and hw split as r, z, n (PyTorch's order):
    r = s(x_r + h_r), z = s(x_z + h_z), n = tanh(x_n + r h_n);  with dn = g (1 - z)
    (1 - n^2):  d/dh = g z,  d/dxw = [dn h_n s'(r), g (h - n) s'(z), dn],
    d/dhw = [dn h_n s'(r), g (h - n) s'(z), dn r].

    Forward keeps r, z, n and h_n for a plain backward, as the LSTM cell keeps its gates."""

    name = "gru_cell"
    blocks, width = 3, 1

    def forward(self, xw, hw, h):
        r, z, n, _ = self.acts = self._acts(xw, hw)
        return n + z * (h - n)

    @staticmethod
    def _acts(xw: Any, hw: Any) -> tuple[Any, Any, Any, Any]:
        """r, z and n from the projections (r and z in one sigmoid call, as the LSTM's gates), and
        the h_n that n's derivative reads."""
        k = xw.shape[-1] // 3
        rz = _sigmoid(xw[..., : 2 * k] + hw[..., : 2 * k])
        r, z, h_n = rz[..., :k], rz[..., k:], hw[..., 2 * k :]
        return r, z, np.tanh(xw[..., 2 * k :] + r * h_n), h_n

    def backward(self, grad, out, xw, hw, h):
        r, z, n, h_n = self._acts(xw, hw) if isinstance(grad, Tensor) else self.acts
        dn = grad * (1 - z) * (1 - n * n)
        dr, dz = dn * h_n * r * (1 - r), grad * (h - n) * z * (1 - z)
        return (
            np.concatenate([dr, dz, dn], axis=-1),
            np.concatenate([dr, dz, dn * r], axis=-1),
            grad * z,
        )

    @staticmethod
    def carried(s: Any, k: int) -> tuple[Any, ...]:
        """The step's own state input: the previous output h itself."""
        return (s,)

    @staticmethod
    def carry(d_h: Any, d_s: Any) -> Any:
        """The previous output's gradient: through hw and directly."""
        return d_h + d_s


class _RnnStep:
    """An Elman step act(xw + hw) with tanh or ReLU, whose rules it borrows (not an op of its own:
    a layer runs it inside `recurrence`, and a cell records the add and the activation)."""

    act: Any  # Tanh or Relu: their backward reads only the output
    blocks, width = 1, 1

    def forward(self, xw, hw):
        return self.act.forward(self, xw + hw)

    def backward(self, grad, out, xw, hw):
        d = self.act.backward(self, grad, out, None)
        return d, d

    @staticmethod
    def carried(s: Any, k: int) -> tuple[Any, ...]:
        """No state input besides h, which enters through hw."""
        return ()

    @staticmethod
    def carry(d_h: Any) -> Any:
        """The previous output's gradient: through hw only."""
        return d_h


class _RnnTanh(_RnnStep):
    act = Tanh


class _RnnRelu(_RnnStep):
    act = Relu


CELLS = {"lstm": LstmCell, "gru": GruCell, "rnn_tanh": _RnnTanh, "rnn_relu": _RnnRelu}


def _project(h: Any, w_hh: Any, b_hh: Any) -> Any:
    """h W_hh^T + b_hh (no bias when b_hh is None)."""
    return h @ w_hh.T if b_hh is None else h @ w_hh.T + b_hh


class Recurrence(Function):
    """s_t = cell(xw_t, h_{t-1} W_hh^T + b_hh, the cell's state in s_{t-1}) for each step t of
    one layer's direction (last to first with reverse), from every step's input projection xw
    (L, N, G H) and the initial s_0 (N, S), h the first H columns of s; the output stacks every
    s_t (L, N, S);  backprop through time: from the last step to the first, the cell's backward
    on g_t + d s_t (carried back) gives dxw_t, dhw_t and d s_{t-1} = [dhw_t W_hh, the cell's
    d state]:  d/dxw = every dxw_t,  d/ds_0 = the last carried,  d/dW_hh = sum_t dhw_t^T h_{t-1},
    d/db_hh = sum_t dhw_t.

    Fused, where the per-step cells were nodes of their own: projecting the whole sequence's
    input at once and taking W_hh's gradient in one product over all steps, instead of L small
    ones and their accumulation, took the LSTM benchmark from 3.4-3.7x PyTorch's time to 2.2-2.6x
    (benchmarks/lstm.py, A/B runs). Forward keeps each step's cell, with its activations, for a
    plain backward; under create_graph backward recomputes them on Tensors."""

    saves_output = True

    def forward(self, xw, s0, w_hh, b_hh=None, *, cell, reverse):
        self.cell, self.reverse = CELLS[cell], reverse
        k = w_hh.shape[-1]
        self.steps, outs, s = [], [], s0
        for t in self._times(len(xw)):
            step, hw = self.cell(), _project(s[..., :k], w_hh, b_hh)
            s = step.forward(xw[t], hw, *self.cell.carried(s, k))
            self.steps.append(step)
            outs.append(s)
        return np.stack(outs[::-1] if reverse else outs)

    def _times(self, n: int) -> range:
        """The steps in the order they run."""
        return range(n - 1, -1, -1) if self.reverse else range(n)

    def backward(self, grad, out, xw, s0, w_hh, b_hh=None):
        cell, k, times = self.cell, w_hh.shape[-1], self._times(len(xw))
        d_xw, d_hw, carry = [], [], None
        for j in reversed(range(len(times))):
            t, prev = times[j], out[times[j - 1]] if j else s0
            if isinstance(grad, Tensor):  # create_graph: recomputed, recorded
                step, hw = cell(), _project(prev[..., :k], w_hh, b_hh)
            else:  # (a cell's plain backward reads its activations, not xw and hw)
                step, hw = self.steps[j], None
            g = grad[t] if carry is None else grad[t] + carry
            dx, dh, *d_state = step.backward(g, out[t], xw[t], hw, *cell.carried(prev, k))
            carry = cell.carry(dh @ w_hh, *d_state)
            d_xw.append(dx)
            d_hw.append(dh)
        if not self.reverse:  # gathered last step first
            d_xw, d_hw = d_xw[::-1], d_hw[::-1]
        dx_all = np.stack(d_xw)
        dh_all = dx_all if d_hw[0] is d_xw[0] else np.stack(d_hw)  # (the same for LSTM and RNN)
        d_w = self._weight_grad(dh_all, out, s0, k) if self.needs(2) else None
        if b_hh is None:
            return dx_all, carry, d_w
        return dx_all, carry, d_w, (dh_all.sum(axis=(0, 1)) if self.needs(3) else None)

    def _weight_grad(self, dh_all: Any, out: Any, s0: Any, k: int) -> Any:
        """sum_t dhw_t^T h_{t-1} in two products: the first step's (h_0 from s_0) and the rest's
        (their h_{t-1} read in place from the output, a view for numpy)."""
        first, rest, prev = (-1, slice(None, -1), slice(1, None)) if self.reverse else (
            0, slice(1, None), slice(None, -1))  # fmt: skip
        d_rest = dh_all[rest].reshape(-1, dh_all.shape[-1])
        return dh_all[first].T @ s0[..., :k] + d_rest.T @ out[prev][..., :k].reshape(-1, k)


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


def recurrence(
    cell: str, input_gates: Any, state: Any, weight_hh: Any, bias_hh: Any = None,
    reverse: bool = False,
) -> Tensor:  # fmt: skip
    """One direction of one recurrent layer over a sequence, as one node: `cell` is "lstm",
    "gru", "rnn_tanh" or "rnn_relu"; `input_gates` every step's x W_ih^T + b_ih (L, N, G H);
    `state` the initial output (N, H), or [h_0, c_0] side by side (N, 2H) for an LSTM. Returns
    every step's output (L, N, H), [h_t, c_t] (L, N, 2H) for an LSTM, in the sequence's order
    (run last step first with `reverse`)."""
    if cell not in CELLS:
        raise OpError(f"recurrence: unknown cell {cell!r}; expected one of {', '.join(CELLS)}")
    tensors = lift_all([input_gates, state, weight_hh, *([] if bias_hh is None else [bias_hh])])
    _check_sequence(cell, *tensors)
    return Recurrence.apply(*tensors, cell=cell, reverse=reverse)


def _check_sequence(cell: str, xw: Tensor, s0: Tensor, w: Tensor, b: Tensor | None = None) -> None:
    """Raise, naming the cell and the shapes, unless they fit together."""
    g, width = CELLS[cell].blocks, CELLS[cell].width
    k = w.shape[-1] if w.ndim == 2 else -1
    fits = (
        xw.ndim == 3
        and len(xw) >= 1
        and w.shape == (g * k, k)
        and xw.shape[2] == g * k
        and s0.shape == (xw.shape[1], width * k)
        and (b is None or b.shape == (g * k,))
    )
    if not fits:
        shapes = ", ".join(str(t.shape) for t in (xw, s0, w, b) if t is not None)
        gates, state = (f"{n}H" if n > 1 else "H" for n in (g, width))
        raise OpError(
            f"recurrence ({cell}): expected input gates (L, N, {gates}) with L >= 1, a state "
            f"(N, {state}), weight_hh ({gates}, H) and bias_hh ({gates},) or None; got {shapes}"
        )
