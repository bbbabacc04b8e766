"""RNN, LSTM, GRU and their cells against PyTorch in float64 (state_dict keys, outputs, final
states, input and parameter gradients); truncated BPTT by detach; bad input named."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as ag
import nn

torch = pytest.importorskip("torch")

LAYERS = [
    ("RNN", {}), ("RNN", {"nonlinearity": "relu", "num_layers": 2}),
    ("LSTM", {}), ("LSTM", {"num_layers": 2, "batch_first": True}), ("LSTM", {"bias": False}),
    ("GRU", {}), ("GRU", {"num_layers": 3, "dropout": 0.5}),
    ("RNN", {"bidirectional": True}), ("GRU", {"bidirectional": True, "num_layers": 2}),
    ("LSTM", {"bidirectional": True, "num_layers": 2, "batch_first": True}),
]  # fmt: skip


def pair(cls, kwargs, lib=torch.nn):
    """The same layer in both libraries, ours loaded from PyTorch's state_dict, in eval mode."""
    ours = getattr(nn, cls)(3, 4, **kwargs).double().eval()
    theirs = getattr(lib, cls)(3, 4, **kwargs).double().eval()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


def flat(state):
    return list(state) if isinstance(state, tuple) else [state]


@pytest.mark.parametrize("cls, kwargs", LAYERS, ids=lambda v: str(v))
@pytest.mark.parametrize("with_state", [False, True])
def test_layers_match_pytorch(cls, kwargs, with_state):
    ours, theirs = pair(cls, kwargs)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 3))  # (N, L) if batch_first else (L, N)
    n = 2 if kwargs.get("batch_first") else 5
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    h0 = [rng.standard_normal((layers, n, 4)) for _ in range(2 if cls == "LSTM" else 1)]
    a, t = ag.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    state = None
    if with_state:
        state = tuple(ag.Tensor(h) for h in h0) if cls == "LSTM" else ag.Tensor(h0[0])
        t_state = tuple(torch.tensor(h) for h in h0) if cls == "LSTM" else torch.tensor(h0[0])
    out, last = ours(a, state)
    t_out, t_last = theirs(t, t_state) if with_state else theirs(t)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    for s, ts in zip(flat(last), flat(t_last), strict=True):
        np.testing.assert_allclose(s.data, ts.detach().numpy(), rtol=1e-10, atol=1e-12)
    w = rng.standard_normal(out.shape)
    (out * w).sum().backward()
    (t_out * torch.from_numpy(w)).sum().backward()
    np.testing.assert_allclose(a.grad.data, t.grad.numpy(), rtol=1e-8, atol=1e-12)
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters(), strict=True):
        np.testing.assert_allclose(
            p.grad.data, tp.grad.numpy(), rtol=1e-8, atol=1e-12, err_msg=name
        )


@pytest.mark.parametrize("cls", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cells_match_pytorch(cls, batched):
    ours, theirs = getattr(nn, cls)(3, 4).double(), getattr(torch.nn, cls)(3, 4).double()
    assert repr(ours) == repr(theirs)
    ours.load_state_dict(theirs.state_dict())
    x = np.random.default_rng(1).standard_normal((2, 3) if batched else (3,))
    out, t_out = ours(ag.Tensor(x)), theirs(torch.tensor(x))
    for s, ts in zip(flat(out), flat(t_out), strict=True):
        np.testing.assert_allclose(s.data, ts.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("directions", [1, 2])
def test_unbatched_sequences_match_pytorch(directions):
    ours, theirs = pair("LSTM", {"num_layers": 2, "bidirectional": directions == 2})
    x = np.random.default_rng(2).standard_normal((5, 3))
    out, (h, c) = ours(ag.Tensor(x))
    t_out, (t_h, t_c) = theirs(torch.tensor(x))
    assert out.shape == (5, 4 * directions) and h.shape == (2 * directions, 4)
    np.testing.assert_allclose(out.data, t_out.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(c.data, t_c.detach().numpy(), rtol=1e-10)


@given(length=st.integers(1, 3), batch=st.integers(1, 2), bidirectional=st.booleans())
def test_lstm_input_gradient_passes_gradcheck(length, batch, bidirectional):
    layer = nn.LSTM(2, 3, bidirectional=bidirectional).double()
    x = ag.randn(length, batch, 2, dtype=np.float64, requires_grad=True)
    assert ag.gradcheck(lambda x: layer(x)[0], [x])


@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_second_derivatives_through_a_layer_pass_gradgradcheck(cls):
    """create_graph through a whole layer: its recurrence recomputes what its cells cached."""
    layer = getattr(nn, cls)(2, 3, num_layers=2, bidirectional=True).double()
    x = ag.randn(3, 2, 2, dtype=np.float64, requires_grad=True)
    assert ag.gradgradcheck(lambda x: layer(x)[0], [x])


def test_a_retained_graph_gives_the_same_gradients_twice():
    """The second backward reads the cells' cached activations again (none were released)."""
    layer = nn.LSTM(2, 3).double()
    loss = layer(ag.randn(4, 2, 2, dtype=np.float64))[0].sum()
    loss.backward(retain_graph=True)
    first = [p.grad.data.copy() for p in layer.parameters()]
    loss.backward()
    for g, p in zip(first, layer.parameters(), strict=True):
        np.testing.assert_allclose(p.grad.data, 2 * g, rtol=1e-12)


def test_truncated_bptt_by_detaching_the_carried_state():
    """The second chunk's loss reaches the second chunk's input but not the first chunk's: the
    state carried between them was detached."""
    layer = nn.RNN(3, 4)
    first, second = ag.randn(4, 1, 3, requires_grad=True), ag.randn(4, 1, 3, requires_grad=True)
    _, h = layer(first)
    out, _ = layer(second, h.detach())
    out.sum().backward()
    assert first.grad is None and second.grad is not None
    _, h = layer(first)
    layer(second, h)[0].sum().backward()  # not detached: the gradient goes all the way back
    assert first.grad is not None


def test_bad_input_and_state_are_named():
    layer = nn.LSTM(3, 4, batch_first=True)
    with pytest.raises(
        ValueError, match=r"LSTM\(3, 4, batch_first=True\): expected input \(N, L, H_in\)"
    ):
        layer(ag.ones(2, 5, 7))
    with pytest.raises(
        ValueError, match=r"expected an initial state of shape \(1, 2, 4\), got \(1, 3, 4\)"
    ):
        layer(ag.ones(2, 5, 3), (ag.zeros(1, 3, 4), ag.zeros(1, 3, 4)))
    with pytest.raises(ValueError, match=r"GRUCell\(3, 4\): expected input \(N, 3\)"):
        nn.GRUCell(3, 4)(ag.ones(2, 5))
    with pytest.raises(
        ValueError,
        match=r"GRU\(3, 4, bidirectional=True\): expected an initial state of shape "
        r"\(2, 5, 4\), got \(1, 5, 4\)",
    ):
        nn.GRU(3, 4, bidirectional=True)(ag.ones(2, 5, 3), ag.zeros(1, 5, 4))
    with pytest.raises(
        ValueError, match=r"LSTM\(3, 4, batch_first=True\): the sequence must have at least one"
    ):
        layer(ag.ones(2, 0, 3))


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: ag.lstm_cell(ag.ones(2, 8), ag.ones(2, 8), ag.ones(2, 3)),
            r"lstm_cell: .*\(N, 4H\)",
        ),
        (
            lambda: ag.gru_cell(ag.ones(2, 6), ag.ones(3, 6), ag.ones(2, 2)),
            r"gru_cell: .*\(N, 3H\)",
        ),
        (
            lambda: ag.recurrence("lstm", ag.ones(5, 2, 16), ag.ones(2, 4), ag.ones(16, 4)),
            r"recurrence \(lstm\): .*a state \(N, 2H\).*got \(5, 2, 16\), \(2, 4\), \(16, 4\)",
        ),
        (
            lambda: ag.recurrence(
                "gru", ag.ones(5, 2, 9), ag.ones(2, 3), ag.ones(9, 3), ag.ones(3)
            ),
            r"recurrence \(gru\): .*bias_hh \(3H,\) or None; got .*\(3,\)",
        ),
        (
            lambda: ag.recurrence("rnn_tanh", ag.ones(0, 2, 3), ag.ones(2, 3), ag.ones(3, 3)),
            r"recurrence \(rnn_tanh\): expected input gates \(L, N, H\) with L >= 1",
        ),
        (
            lambda: ag.recurrence("lstm2", ag.ones(1, 2, 4), ag.ones(2, 2), ag.ones(4, 1)),
            r"recurrence: unknown cell 'lstm2'; expected one of lstm, gru, rnn_tanh, rnn_relu",
        ),
    ],
)
def test_cells_name_themselves_and_the_shapes(call, message):
    with pytest.raises(ag.OpError, match=message):
        call()
