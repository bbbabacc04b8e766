"""`make bench` runs: every benchmark once through (one round of one call per system), printing
its ratios; the timings themselves are `make bench`'s, never asserted in tests."""

import time

import numpy as np
import pytest

import autograd
import benchmarks.__main__ as bench
import nn
from benchmarks import chain, epoch, lstm, numpy_lstm, scalar, timing


def test_every_benchmark_runs_and_prints_its_ratios(monkeypatch, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("micrograd")
    monkeypatch.setattr(timing, "WARMUP", 0.0)
    monkeypatch.setattr(timing, "SETTLE", 0.0)
    monkeypatch.setattr(timing, "BLOCK", 0.0)
    monkeypatch.setattr(timing, "ROUNDS", 1)
    monkeypatch.setattr(scalar, "LONG_CHAIN", 10**3)
    monkeypatch.setattr(scalar, "CHAIN_LENGTHS", (10**3,))
    monkeypatch.setattr(epoch, "SAMPLES", 640)
    bench.main()
    printed = capsys.readouterr().out
    titles = (
        "MLP 784-256-128-10", "Chain of 200", "micrograd's demo", "chain of 1,000 scalar nodes",
        "LSTM(32, 128", "Adam: one", "BatchNorm2d on", "LayerNorm on", "SGD, momentum 0.9",
        "DataLoader epoch", "CNN training epoch",
    )  # fmt: skip
    for title in titles:
        assert title in printed
    assert printed.count("x torch") >= 11 and printed.count("x numpy") >= 7
    assert printed.count("x micrograd") >= 3
    assert printed.count("(spread +0%)") >= 33  # one round: the median is the best


def test_a_block_counts_calls_and_times_only_the_call_not_its_setup(monkeypatch):
    monkeypatch.setattr(timing, "WARMUP", 0.0)
    monkeypatch.setattr(timing, "SETTLE", 0.0)
    monkeypatch.setattr(timing, "BLOCK", 0.02)
    monkeypatch.setattr(timing, "ROUNDS", 2)
    calls = []

    def slow_setup() -> float:
        time.sleep(0.01)
        return 0.001

    times = timing.best_times(
        {"plain": lambda: calls.append(time.sleep(0.001)), "with setup": time.sleep},
        warmup=1,
        setups={"with setup": slow_setup},
    )
    # Blocks of 20 ms of 1 ms calls, plus one warm-up call: several calls a block, never past.
    assert 2 * 2 + 1 < len(calls) <= 2 * 20 + 1
    assert 0.001 <= times["plain"].best < 0.005 and times["plain"].spread >= 0
    assert 0.001 <= times["with setup"].best < 0.005


def test_each_turn_starts_with_untimed_calls_unless_one_call_is_longer(monkeypatch):
    monkeypatch.setattr(timing, "WARMUP", 0.0)
    monkeypatch.setattr(timing, "SETTLE", 0.01)
    monkeypatch.setattr(timing, "BLOCK", 0.0)
    monkeypatch.setattr(timing, "ROUNDS", 2)
    calls = {"fast": 0, "slow": 0}

    def call(name: str, seconds: float) -> None:
        calls[name] += 1
        time.sleep(seconds)

    timing.best_times(
        {"fast": lambda: call("fast", 0.001), "slow": lambda: call("slow", 0.02)}, warmup=1
    )
    # the slow one: its warm-up call and one timed call a round; the fast one also settles
    assert calls["slow"] == 1 + 2
    assert 1 + 2 * (3 + 1) <= calls["fast"] <= 1 + 2 * (10 + 1)


def test_the_hand_written_chain_is_the_same_forward_and_backward_as_glassgrads():
    data = np.random.default_rng(0).standard_normal(8).astype(np.float32)
    x = autograd.Tensor(data, requires_grad=True)
    loss = chain.chain(x).sum()
    loss.backward()
    hand_loss, hand_grad = chain.by_hand(data)
    assert hand_grad.dtype == np.float32
    np.testing.assert_allclose(hand_loss, loss.numpy(), rtol=1e-5)
    np.testing.assert_allclose(hand_grad, x.grad.numpy(), rtol=1e-4)


def test_the_hand_written_lstm_has_the_layers_gradients():
    layer = nn.LSTM(3, 5, batch_first=True).double()
    data = np.random.default_rng(0).standard_normal((2, 4, 3))
    layer(autograd.Tensor(data))[0].sum().backward()
    params = [getattr(layer, name).data for name in lstm.WEIGHTS]
    hand = numpy_lstm.step(params, data.swapaxes(0, 1))
    for name, grad in zip(lstm.WEIGHTS, hand, strict=True):
        np.testing.assert_allclose(grad, getattr(layer, name).grad.numpy(), rtol=1e-10, atol=1e-12)
