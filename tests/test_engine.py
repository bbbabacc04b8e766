"""Backward and the graph: accumulation, freeing, deep chains, memory, modes, hooks, in-place."""

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import autograd as ag
import nn
import optim
from autograd.engine import BackwardPass


def leaf(*values, dtype=np.float64):
    """A float64 leaf that requires grad."""
    return ag.Tensor(np.array(values, dtype=dtype), requires_grad=True)


def test_scalar_graph_gives_the_lecture_notes_gradients():
    """f = (x + y) * z at x=-2, y=5, z=-4: df/dx = df/dy = z = -4, df/dz = x + y = 3."""
    x, y, z = (ag.tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    ((x + y) * z).backward()
    assert (x.grad.item(), y.grad.item(), z.grad.item()) == (-4.0, -4.0, 3.0)


def test_gradients_accumulate_across_backward_calls():
    """Two backwards add up in .grad, as in PyTorch; setting grad = None starts over."""
    x = leaf(1.0, 2.0)
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.data, 4 * x.data)
    x.grad = None
    (3 * x).sum().backward()
    np.testing.assert_allclose(x.grad.data, [3.0, 3.0])


def test_a_node_used_twice_receives_both_gradients():
    """y = x * x uses x twice: dy/dx = 2x."""
    x = leaf(3.0)
    (x * x).sum().backward()
    assert x.grad.item() == 6.0


def test_broadcast_gradient_is_summed_back_to_the_input_shape():
    """b of shape (3,) added to rows of (2, 3) gets the column sums of the upstream gradient."""
    a = ag.Tensor(np.ones((2, 3)), requires_grad=True)
    b = leaf(1.0, 2.0, 3.0)
    w = np.arange(6.0).reshape(2, 3)
    ((a + b) * w).sum().backward()
    assert b.grad.shape == (3,)
    np.testing.assert_allclose(b.grad.data, w.sum(axis=0))


def test_no_two_leaves_share_a_gradient_array():
    """Add passes one gradient to both inputs; the leaves still get arrays of their own."""
    a, b = leaf(1.0, 2.0), leaf(3.0, 4.0)
    (a.reshape(2, 1) + b.reshape(2, 1)).sum().backward()
    a.grad.data[0] = 100.0
    assert b.grad.data[0] == 1.0


def test_non_scalar_backward_without_gradient_says_to_pass_one():
    """A (2,)-shaped output needs `gradient=`; the message names the shape."""
    with pytest.raises(RuntimeError, match=r"shape \(2,\).*gradient="):
        (leaf(1.0, 2.0) * 2).backward()


def test_backward_with_gradient_weights_the_outputs():
    """backward(gradient=v) gives v^T J."""
    x = leaf(1.0, 2.0)
    (x * x).backward(gradient=ag.Tensor([10.0, 100.0], dtype=np.float64))
    np.testing.assert_allclose(x.grad.data, [20.0, 400.0])


def test_backward_with_a_gradient_per_output_counts_them():
    """autograd.backward(outputs, gradients) needs one gradient per output, and says so."""
    x = leaf(1.0, 2.0)
    with pytest.raises(RuntimeError, match="2 tensors but 1 gradients"):
        ag.backward([x * 2, x * 3], [np.ones(2)])
    assert x.grad is None


def test_backward_on_a_tensor_that_does_not_require_grad_says_so():
    """Nothing to differentiate: the error says the tensor does not require grad."""
    with pytest.raises(RuntimeError, match="does not require grad"):
        (ag.tensor([1.0, 2.0]) * 2).sum().backward()


def test_second_backward_through_freed_graph_says_retain_graph():
    """The error names the op and tells how to go through twice."""
    x = leaf(1.0)
    y = (x.exp() * 2).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=r"sum.*retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    """With retain_graph=True the second backward works and accumulates."""
    x = leaf(1.0)
    y = (x.exp() * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.data, 4 * np.exp(1.0))


def test_retain_grad_keeps_an_intermediate_gradient():
    """q = x + y in f = q * z: df/dq = z."""
    x, z = leaf(1.0), leaf(-4.0)
    q = x + 2
    q.retain_grad()
    (q * z).sum().backward()
    assert q.grad.item() == -4.0


def test_intermediate_grad_is_not_kept_without_retain_grad():
    """Non-leaf tensors have .grad None unless they asked to retain it."""
    x = leaf(1.0)
    q = x * 2
    q.sum().backward()
    assert q.grad is None and x.grad.item() == 2.0


def test_a_chain_of_a_million_nodes_backpropagates_visiting_each_node_once():
    """No recursion limit: 10^6 nodes deep, and backward makes exactly one step per node."""
    n = 1_000_000
    x = ag.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n):
        y = -y
    steps = 0
    for t, g, _ in (p := BackwardPass([y], [None])):
        p.deliver(t, g)
        steps += 1
    assert steps == n + 1
    assert x.grad.item() == 1.0  # (-1)^n with n even


def test_backward_frees_saved_data_and_dropping_the_output_frees_the_graph():
    """Backward drops what ops saved; dropping the output then frees the whole graph."""
    x = ag.Tensor(np.ones((4, 3)), requires_grad=True)
    h = x.tanh()
    probe = weakref.ref(h)
    loss = nn.functional.cross_entropy(h, [0, 1, 2, 0])
    fn = loss.grad_fn
    assert hasattr(fn, "probs")
    loss.backward()
    assert not hasattr(fn, "probs") and fn.freed
    del h, loss, fn
    gc.disable()  # prove it is freed by reference counting alone: no cycles
    try:
        assert probe() is None
    finally:
        gc.enable()


def test_a_training_loop_of_10000_steps_does_not_grow_in_memory():
    """Memory after 10,000 steps is what it was after 1,000 (graphs are freed every step)."""
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    opt = optim.SGD(model.parameters(), lr=0.01)
    x, y = ag.randn(16, 4), ag.randint(0, 2, (16,))

    def train(steps):
        for _ in range(steps):
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()

    tracemalloc.start()
    try:
        train(1_000)
        after_warmup = tracemalloc.get_traced_memory()[0]
        train(9_000)
        after_all = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after_all - after_warmup < 64 * 1024, (after_warmup, after_all)


def test_no_grad_records_nothing():
    """Under no_grad, results have no grad_fn and do not require grad; enable_grad restores."""
    x = leaf(1.0, 2.0)
    with ag.no_grad():
        y = (x * 2).exp().sum()
        assert not ag.is_grad_enabled()
        with ag.enable_grad():
            z = x * 2
    assert y.grad_fn is None and not y.requires_grad
    assert z.grad_fn is not None and ag.is_grad_enabled()


def test_no_grad_works_as_a_decorator():
    """A function decorated with no_grad() records nothing."""

    @ag.no_grad()
    def double(t):
        return t * 2

    assert double(leaf(1.0)).grad_fn is None


def test_hook_reads_and_replaces_the_gradient():
    """A hook sees the gradient flowing through and its return value replaces it."""
    x = leaf(1.0, 2.0)
    h = x * 3
    seen = []
    handle = h.register_hook(lambda g: (seen.append(g.data.copy()), g * 10)[1])
    h.sum().backward()
    np.testing.assert_allclose(seen[0], [1.0, 1.0])
    np.testing.assert_allclose(x.grad.data, [30.0, 30.0])
    handle.remove()
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.data, [3.0, 3.0])


def test_create_graph_gives_differentiable_gradients():
    """d/dx of (d/dx x^3) = 6x."""
    x = leaf(2.0)
    (g,) = ag.grad((x**3).sum(), x, create_graph=True)
    assert g.requires_grad and g.item() == pytest.approx(12.0)
    g.sum().backward()
    assert x.grad.item() == pytest.approx(12.0)


def test_inplace_change_of_a_saved_tensor_raises_at_backward_naming_the_op():
    """y = w * x saves x; changing x in place before backward is detected."""
    w, x = leaf(1.0, 2.0), ag.Tensor([3.0, 4.0], dtype=np.float64)
    y = (w * x).sum()
    x += 1
    with pytest.raises(RuntimeError, match=r"mul: .*modified in place"):
        y.backward()


def test_setitem_on_a_view_of_a_saved_tensor_is_detected():
    """Views share the version stamp: x[0] = 3 through a reshape still counts."""
    w, x = leaf(1.0, 2.0), ag.Tensor([3.0, 4.0], dtype=np.float64)
    y = (w * x).sum()
    x.reshape(2, 1)[0] = 0.0
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_inplace_change_of_an_unsaved_input_is_fine():
    """x + w does not save x, so changing x afterwards leaves backward correct."""
    w, x = leaf(1.0, 2.0), ag.Tensor([3.0, 4.0], dtype=np.float64)
    y = (w + x).sum()
    x += 1
    y.backward()
    np.testing.assert_allclose(w.grad.data, [1.0, 1.0])


def test_parameter_update_under_no_grad_before_backward_is_detected():
    """An optimizer step between forward and backward changes a saved weight: raise."""
    w, x = leaf(1.0, 2.0), ag.Tensor([3.0, 4.0], dtype=np.float64)
    y = (w * x).exp().sum()
    with ag.no_grad():
        w -= 0.1
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_inplace_on_a_leaf_that_requires_grad_raises_at_once():
    """Outside no_grad, `w += 1` on a leaf that requires grad is refused immediately."""
    w = leaf(1.0)
    with pytest.raises(RuntimeError, match=r"add_: .*leaf.*no_grad"):
        w += 1
    with pytest.raises(RuntimeError, match="setitem"):
        w[0] = 2.0


def test_writing_to_data_bypasses_the_checks():
    """x.data is the raw array: writing to it is not tracked, as in PyTorch."""
    w, x = leaf(1.0), ag.Tensor([3.0], dtype=np.float64)
    y = (w * x).sum()
    x.data[0] = 5.0
    y.backward()
    assert w.grad.item() == 5.0


def test_detect_anomaly_names_the_op_and_the_line_that_made_it():
    """sqrt at 0 has an infinite derivative: the error names sqrt and this file's line."""
    x = leaf(0.0, 1.0)
    with ag.detect_anomaly(), np.errstate(divide="ignore"):
        y = x.sqrt().sum()  # the culprit
        with pytest.raises(RuntimeError, match=r"(?s)sqrt.*NaN or Inf.*test_engine.py.*culprit"):
            y.backward()


def test_without_detect_anomaly_nan_gradients_pass_silently():
    """The check costs time, so it is off by default (as in PyTorch)."""
    x = leaf(0.0)
    with np.errstate(divide="ignore"):
        x.sqrt().sum().backward()
    assert np.isinf(x.grad.item())


class _FirstOrderOnly(ag.Function):
    """2x;  d/dx = 2 (backward written with np.full_like, which has no op)."""

    double_backward = False

    def forward(self, x):
        return 2 * x

    def backward(self, g, out, x):
        return np.full_like(np.asarray(g), 2.0) * g


def test_an_op_without_double_backward_refuses_create_graph_naming_itself():
    """First derivatives work; create_graph through it raises, naming the op, never silently."""
    x = ag.Tensor([1.0, 2.0], requires_grad=True)
    _FirstOrderOnly.apply(x).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]
    y = _FirstOrderOnly.apply(x).sum()
    with pytest.raises(RuntimeError, match=r"_firstorderonly has no double backward"):
        ag.grad(y, x, create_graph=True)
    with pytest.raises(RuntimeError, match=r"_firstorderonly has no double backward"):
        ag.hessian(lambda t: _FirstOrderOnly.apply(t).sum(), [1.0, 2.0])


def test_gradients_handed_out_never_alias_the_users_seed_or_each_other():
    """.grad of a leaf root is not the array the user passed; grad() results are distinct."""
    x = leaf(1.0, 2.0)
    seed = np.array([5.0, 6.0])
    x.backward(gradient=seed)
    x.grad.data[0] = 0.0
    assert seed.tolist() == [5.0, 6.0]
    a, b = leaf(1.0), leaf(2.0)
    ga, gb = ag.grad(a + b, [a, b])
    ga.data[0] = 7.0
    assert gb.item() == 1.0
    s = leaf(1.0, 2.0, 3.0)
    s.sum().backward()  # sum's backward is a read-only broadcast view
    s.grad.data[0] = 4.0  # .grad takes in-place changes
    assert s.grad.tolist() == [4.0, 1.0, 1.0]


def test_grad_mode_is_per_thread():
    """no_grad in one thread leaves recording on in another, and overlapping no_grad blocks in
    two threads leave it on for the process once both are done (PyTorch's semantics)."""
    import threading

    inside, release, seen = threading.Event(), threading.Event(), {}

    def hold_no_grad():
        with ag.no_grad():
            inside.set()
            release.wait(5)
            seen["worker"] = ag.is_grad_enabled()

    worker = threading.Thread(target=hold_no_grad)
    worker.start()
    inside.wait(5)
    x = leaf(1.0)
    seen["main"] = (x * 2).requires_grad  # recording here while the worker is inside no_grad
    with ag.no_grad():
        release.set()
        worker.join(5)
    assert seen == {"worker": False, "main": True}
    assert ag.is_grad_enabled() and (x * 2).requires_grad


def test_anomaly_mode_is_for_the_whole_process_as_pytorchs():
    """detect_anomaly in one thread records where ops were made in every thread, until the last
    active block ends (PyTorch's anomaly mode is process-wide too); it decorates as well."""
    import threading

    made = {}

    def worker():
        made["fn"] = (leaf(1.0) * 2).grad_fn  # made here, in another thread

    @ag.detect_anomaly
    def with_anomaly():
        with ag.detect_anomaly():
            pass  # an inner block ending leaves the outer one's mode on
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(5)

    with_anomaly()
    assert "in worker" in made["fn"].trace
    assert not hasattr((leaf(1.0) * 2).grad_fn, "trace")


def test_no_grad_and_detect_anomaly_decorate_with_or_without_parentheses():
    @ag.no_grad
    def bare(t):
        return t * 2

    @ag.no_grad()
    def called(t):
        return t * 2

    x = leaf(1.0)
    assert not bare(x).requires_grad and not called(x).requires_grad
    assert (x * 2).requires_grad


def test_a_shape_mismatch_is_caught_as_runtime_error_too():
    """PyTorch code catches shape mismatches with `except RuntimeError`: OpError is both."""
    with pytest.raises(RuntimeError, match=r"matmul: shapes \(2, 3\) and \(2, 3\) do not fit"):
        ag.ones(2, 3) @ ag.ones(2, 3)
    with pytest.raises(ValueError, match="add: .*broadcast"):
        ag.ones(2, 3) + ag.ones(4)
