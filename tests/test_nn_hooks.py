"""Module forward hooks as PyTorch's (order, replacing arguments and outputs, removal), and the
LayerMonitor built on them: the outputs and output gradients it records are the ones a hand-held
retain_grad sees, and it leaves no hook behind."""

import numpy as np
import pytest

import autograd as ag
import nn


def test_forward_hooks_run_in_order_and_may_replace_arguments_and_output():
    layer, calls = nn.Linear(2, 2), []
    layer.register_forward_pre_hook(lambda m, args: calls.append("pre") or (args[0] * 0,))
    layer.register_forward_hook(lambda m, args, out: calls.append("first"))
    layer.register_forward_hook(lambda m, args, out: calls.append("second") or out + 1)
    out = layer(ag.ones(1, 2))
    assert calls == ["pre", "first", "second"]
    np.testing.assert_allclose(out.data, layer.bias.data[None] + 1, rtol=1e-6)


def test_a_handle_removes_its_hook_once_or_on_leaving_a_with_block():
    layer, calls = nn.Linear(2, 2), []
    handle = layer.register_forward_hook(lambda *a: calls.append(1))
    layer(ag.ones(1, 2))
    handle.remove()
    handle.remove()
    with layer.register_forward_pre_hook(lambda *a: calls.append(2)):
        layer(ag.ones(1, 2))
    layer(ag.ones(1, 2))
    assert calls == [1, 2] and not layer._forward_hooks and not layer._forward_pre_hooks
    with pytest.raises(TypeError, match="a hook must be callable"):
        layer.register_forward_hook("not a function")


def test_the_monitor_records_what_retain_grad_shows_and_leaves_no_hook():
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 1))
    x = ag.randn(5, 3)
    with nn.LayerMonitor(model) as monitor:
        model(x).sum().backward()
    assert list(monitor.layers) == ["0", "2", "4"]
    h0 = model[0](x)
    h0.retain_grad()
    h2 = model[2](model[1](h0))
    h2.retain_grad()
    model[4](model[3](h2)).sum().backward()
    np.testing.assert_array_equal(monitor.activations["0"], h0.data)
    np.testing.assert_allclose(monitor.gradients["0"], h0.grad.data, rtol=1e-6)
    np.testing.assert_allclose(monitor.gradients["2"], h2.grad.data, rtol=1e-6)
    assert list(monitor.grad_norms()) == ["0", "2", "4"]
    assert monitor.grad_norms()["4"] == pytest.approx(np.sqrt(5))  # d sum / d output: ones
    assert all(not m._forward_hooks for m in model.modules())


def test_the_monitor_watches_the_layer_types_asked_for_and_plots():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    with nn.LayerMonitor(model, layers=(nn.Tanh,)) as monitor:
        model(ag.randn(8, 3)).sum().backward()
    assert list(monitor.activations) == ["1"]
    assert len(monitor.plot_activations()) == 1
    assert len(monitor.plot_grad_norms().get_lines()[0].get_xdata()) == 1
    with pytest.raises(ValueError, match="no layer to watch"):
        nn.LayerMonitor(model, layers=(nn.Conv2d,))
