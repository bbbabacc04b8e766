"""Recurrent layers with PyTorch's parameter names, gate order and shapes: the cells `RNNCell`,
`LSTMCell`, `GRUCell` (one time step, a few ops) and the layers `RNN`, `LSTM`, `GRU` (per layer
and direction, one projection of the whole input and one `recurrence` node, which runs the
steps; step through a sequence with a cell to see each step in the graph). Truncated
backprop through time: carry the state on with `.detach()` (`h = h.detach()`)."""

from __future__ import annotations

import math
from typing import Any

import autograd
from autograd import Tensor, zeros

from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter

_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}  # blocks of hidden_size rows in each weight


def _rnn_step(xw: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None, relu: bool) -> Tensor:
    """h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), given the input's part `xw`."""
    pre = xw + F.linear(h, w_hh, b_hh)
    return pre.relu() if relu else pre.tanh()


def _lstm_step(
    xw: Tensor, state: tuple[Tensor, Tensor], w_hh: Tensor, b_hh: Tensor | None
) -> tuple[Tensor, Tensor]:
    """Gates i, f, g, o (PyTorch's order) from x and h; c' = f c + i g; h' = o tanh(c')."""
    h, c = state
    return autograd.lstm_cell(xw, F.linear(h, w_hh, b_hh), c)


def _gru_step(xw: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    """Gates r, z (reset, update) and candidate n: h' = (1 - z) n + z h."""
    return autograd.gru_cell(xw, F.linear(h, w_hh, b_hh), h)


class _Weights(Module):
    """The weights of one recurrent layer (or cell), named with `suffix` as PyTorch names them,
    each drawn from U(-1/sqrt(hidden), 1/sqrt(hidden)) as PyTorch's default."""

    def _add_weights(
        self, kind: str, input_size: int, hidden_size: int, bias: bool, suffix: str
    ) -> None:
        rows = _GATES[kind] * hidden_size
        bound = 1 / math.sqrt(hidden_size) if hidden_size else 0.0
        shapes = {"weight_ih": (rows, input_size), "weight_hh": (rows, hidden_size)}
        if bias:
            shapes.update(bias_ih=(rows,), bias_hh=(rows,))
        for name, shape in shapes.items():
            self.register_parameter(name + suffix, Parameter(zeros(*shape)))
            init.uniform_(getattr(self, name + suffix), -bound, bound)
        if not bias:
            self.register_parameter("bias_ih" + suffix, None)
            self.register_parameter("bias_hh" + suffix, None)

    def _step(self, kind: str, xw: Tensor, state: Any, suffix: str) -> Any:
        """One time step of the layer with weights `suffix`, from the input's projection `xw`."""
        w_hh, b_hh = getattr(self, "weight_hh" + suffix), getattr(self, "bias_hh" + suffix)
        if kind == "LSTM":
            return _lstm_step(xw, state, w_hh, b_hh)
        if kind == "GRU":
            return _gru_step(xw, state, w_hh, b_hh)
        return _rnn_step(xw, state, w_hh, b_hh, self.nonlinearity == "relu")


class _Cell(_Weights):
    """One time step: input (N, input_size) or (input_size,), state (N, hidden_size)."""

    kind: str

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh"
    ) -> None:
        super().__init__()
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"{type(self).__name__}: unknown nonlinearity {nonlinearity!r}")
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.nonlinearity = nonlinearity
        self._add_weights(self.kind, input_size, hidden_size, bias, "")

    def forward(self, x: Tensor, state: Any = None) -> Any:
        x = autograd.as_tensor(x)
        if x.ndim not in (1, 2) or x.shape[-1] != self.input_size:
            raise ValueError(
                f"{self!r}: expected input (N, {self.input_size}) or ({self.input_size},), got "
                f"{x.shape}"
            )
        batched = x.ndim == 2
        x = x if batched else x.reshape(1, -1)
        if state is None:
            h0 = zeros(x.shape[0], self.hidden_size, dtype=x.dtype)
            state = (h0, h0) if self.kind == "LSTM" else h0
        elif not batched:
            state = tuple(s.reshape(1, -1) for s in state) if self.kind == "LSTM" else (
                state.reshape(1, -1))  # fmt: skip
        out = self._step(self.kind, F.linear(x, self.weight_ih, self.bias_ih), state, "")
        if batched:
            return out
        return tuple(s.reshape(-1) for s in out) if self.kind == "LSTM" else out.reshape(-1)

    def extra_repr(self) -> str:
        extra = "" if self.bias else ", bias=False"
        if self.kind == "RNN" and self.nonlinearity != "tanh":
            extra += f", nonlinearity={self.nonlinearity}"
        return f"{self.input_size}, {self.hidden_size}{extra}"


class RNNCell(_Cell):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)."""

    kind = "RNN"


class LSTMCell(_Cell):
    """(h', c') from (h, c): gates i, f, g, o; c' = f c + i g; h' = o tanh(c')."""

    kind = "LSTM"


class GRUCell(_Cell):
    """h' = (1 - z) n + z h, with reset r, update z and candidate n as PyTorch defines them."""

    kind = "GRU"


class _Recurrent(_Weights):
    """A stack of `num_layers` recurrent layers over a sequence: input (L, N, input_size),
    (N, L, input_size) with `batch_first`, or (L, input_size); dropout between layers. With
    `bidirectional`, each layer also runs over the sequence backwards (weights `..._reverse`) and
    outputs both directions' states side by side (N, 2H), as PyTorch's."""

    kind: str

    def _setup(  # noqa: PLR0913 - PyTorch's settings, passed on from each layer's signature
        self, input_size: int, hidden_size: int, num_layers: int, nonlinearity: str, bias: bool,
        batch_first: bool, dropout: float, bidirectional: bool,
    ) -> None:  # fmt: skip
        """Check the settings, keep them, and add each layer's weights."""
        name = type(self).__name__
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"{name}: unknown nonlinearity {nonlinearity!r}")
        if not 0 <= dropout <= 1:
            raise ValueError(f"{name}: dropout must be in [0, 1], got {dropout}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.nonlinearity, self.bias, self.batch_first = nonlinearity, bias, batch_first
        self.dropout, self.bidirectional = dropout, bidirectional
        for k in range(num_layers):
            size = input_size if k == 0 else hidden_size * self._directions
            for suffix in self._suffixes(k):
                self._add_weights(self.kind, size, hidden_size, bias, suffix)

    @property
    def _directions(self) -> int:
        return 2 if self.bidirectional else 1

    def _suffixes(self, k: int) -> list[str]:
        """The names of layer k's weights: one set per direction, as PyTorch names them."""
        return [f"_l{k}", f"_l{k}_reverse"][: self._directions]

    def forward(self, x: Tensor, state: Any = None) -> tuple[Tensor, Any]:
        x = self._check(autograd.as_tensor(x))
        batched = x.ndim == 3
        seq = x if not batched else (x.swapaxes(0, 1) if self.batch_first else x)
        seq = seq if batched else seq.reshape(seq.shape[0], 1, -1)  # (L, N, input_size)
        states = self._initial(state, seq.shape[1], seq.dtype, batched)
        finals = []
        for k in range(self.num_layers):
            if k and self.dropout:
                seq = F.dropout(seq, self.dropout, self.training)
            runs = [
                self._layer(seq, states[k * self._directions + d], suffix, reverse=d == 1)
                for d, suffix in enumerate(self._suffixes(k))
            ]
            seq = runs[0][0] if len(runs) == 1 else autograd.cat([out for out, _ in runs], -1)
            finals += [last for _, last in runs]
        return self._outputs(seq, finals, batched)

    def _layer(self, seq: Tensor, state: Any, suffix: str, reverse: bool) -> tuple[Tensor, Any]:
        """One direction of one layer over the sequence: its outputs (L, N, H) in the sequence's
        order, and its last state (at the first step when it runs in reverse). The input is
        projected for every step at once; the steps run inside one `recurrence` node."""
        w_ih, b_ih = getattr(self, "weight_ih" + suffix), getattr(self, "bias_ih" + suffix)
        w_hh, b_hh = getattr(self, "weight_hh" + suffix), getattr(self, "bias_hh" + suffix)
        lstm, k = self.kind == "LSTM", self.hidden_size
        cell = "lstm" if lstm else "gru" if self.kind == "GRU" else f"rnn_{self.nonlinearity}"
        start = autograd.cat(list(state), -1) if lstm else state
        out = autograd.recurrence(
            cell, F.linear(seq, w_ih, b_ih), start, w_hh, b_hh, reverse=reverse
        )
        last = out[0] if reverse else out[-1]
        return (out[..., :k], (last[..., :k], last[..., k:])) if lstm else (out, last)

    def _check(self, x: Tensor) -> Tensor:
        if x.ndim not in (2, 3) or x.shape[-1] != self.input_size:
            order = "(N, L, H_in)" if self.batch_first else "(L, N, H_in)"
            raise ValueError(
                f"{self!r}: expected input {order} or (L, H_in) with H_in = {self.input_size}, "
                f"got {x.shape}"
            )
        if x.shape[1 if self.batch_first and x.ndim == 3 else 0] == 0:
            raise ValueError(f"{self!r}: the sequence must have at least one step, got {x.shape}")
        return x

    def _initial(self, state: Any, n: int, dtype: Any, batched: bool) -> list[Any]:
        """Each layer's initial state from `state` ((layers, N, H), an (h, c) pair for an LSTM),
        zeros if None."""
        layers = self.num_layers * self._directions
        if state is None:
            h0 = zeros(n, self.hidden_size, dtype=dtype)
            return [(h0, h0) if self.kind == "LSTM" else h0] * layers
        parts = state if self.kind == "LSTM" else (state,)
        want = (layers, *((n,) if batched else ()), self.hidden_size)
        for p in parts:
            if tuple(p.shape) != want:
                raise ValueError(
                    f"{self!r}: expected an initial state of shape {want}, got {p.shape}"
                )
        parts = [p if batched else p.reshape(layers, 1, -1) for p in parts]
        if self.kind == "LSTM":
            return list(zip(parts[0], parts[1], strict=True))
        return list(parts[0])

    def _outputs(self, seq: Tensor, finals: list[Any], batched: bool) -> tuple[Tensor, Any]:
        """(output, h_n) or, for an LSTM, (output, (h_n, c_n)), in the input's layout."""
        if self.kind == "LSTM":
            last = (autograd.stack([h for h, _ in finals]), autograd.stack([c for _, c in finals]))
        else:
            last = autograd.stack(finals)
        if not batched:
            seq = seq.reshape(seq.shape[0], -1)
            last = tuple(s.reshape(len(finals), -1) for s in last) if self.kind == "LSTM" else (
                last.reshape(len(finals), -1))  # fmt: skip
        elif self.batch_first:
            seq = seq.swapaxes(0, 1)
        return seq, last

    def extra_repr(self) -> str:
        extra = [f"{self.input_size}, {self.hidden_size}"]
        if self.num_layers != 1:
            extra.append(f"num_layers={self.num_layers}")
        if not self.bias:  # (PyTorch's layers do not show their nonlinearity; its cells do)
            extra.append("bias=False")
        if self.batch_first:
            extra.append("batch_first=True")
        if self.dropout:
            extra.append(f"dropout={self.dropout}")
        if self.bidirectional:
            extra.append("bidirectional=True")
        return ", ".join(extra)


class RNN(_Recurrent):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), per layer."""

    kind = "RNN"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False) -> None:  # fmt: skip
        super().__init__()
        self._setup(input_size, hidden_size, num_layers, nonlinearity, bias, batch_first, dropout,
                    bidirectional)  # fmt: skip


class _Gated(_Recurrent):
    """LSTM's and GRU's signature: no nonlinearity to choose (their gates fix it)."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False) -> None:  # fmt: skip
        super().__init__()
        self._setup(input_size, hidden_size, num_layers, "tanh", bias, batch_first, dropout,
                    bidirectional)  # fmt: skip


class LSTM(_Gated):
    """Long short-term memory, PyTorch's gates i, f, g, o; returns (output, (h_n, c_n))."""

    kind = "LSTM"


class GRU(_Gated):
    """Gated recurrent unit, PyTorch's gates r, z, n; returns (output, h_n)."""

    kind = "GRU"
