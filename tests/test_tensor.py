"""The Tensor object: construction, dtypes, properties, methods, creation functions, errors."""

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag


def test_python_data_becomes_float32_and_numpy_keeps_its_dtype():
    """Tensor() of Python data is float32; numpy arrays keep their dtype; tensor() infers ints."""
    assert ag.Tensor([1, 2]).dtype == np.float32
    assert ag.Tensor(2.5).dtype == np.float32
    assert ag.Tensor(np.arange(3)).dtype == np.int64
    assert ag.Tensor(np.ones(2, dtype=np.float64)).dtype == np.float64
    assert ag.tensor([1, 2]).dtype == np.int64
    assert ag.tensor([1.0, 2.0]).dtype == np.float32


def test_set_default_dtype_changes_what_python_floats_become():
    """After set_default_dtype(float64), Python floats become float64."""
    try:
        ag.set_default_dtype(np.float64)
        assert ag.tensor(1.0).dtype == np.float64 and ag.zeros(2).dtype == np.float64
    finally:
        ag.set_default_dtype(np.float32)
    with pytest.raises(TypeError, match="floating"):
        ag.set_default_dtype(np.int32)


def test_python_scalars_in_ops_keep_the_tensor_dtype():
    """float32 tensor * 2.5 stays float32 (numpy's weak scalars)."""
    x = ag.ones(3)
    assert (x * 2.5).dtype == np.float32 and (2.5 - x).dtype == np.float32


def test_properties_describe_the_data():
    """shape, ndim, dtype, size(), numel(), T, item, tolist, numpy, len, name."""
    x = ag.Tensor(np.arange(6.0).reshape(2, 3), name="x")
    assert (x.shape, x.ndim, x.size(), x.numel(), x.dtype, len(x)) == (
        (2, 3),
        2,
        (2, 3),
        6,
        np.float64,
        2,
    )
    assert x.size(1) == x.size(-1) == 3
    assert x.T.shape == (3, 2) and x.name == "x"
    assert x.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert x.numpy() is x.data and ag.tensor(7.0).item() == 7.0
    np.testing.assert_array_equal(np.asarray(x), x.data)


def test_item_of_a_many_element_tensor_names_the_size():
    """item() needs exactly one element."""
    with pytest.raises(ValueError, match=r"item: the tensor has 3 elements"):
        ag.ones(3).item()


def test_leaf_and_grad_fn():
    """Leaves have no grad_fn; results of recorded ops have one, named in the repr."""
    x = ag.ones(2, requires_grad=True)
    y = x * 2
    assert x.is_leaf and x.grad_fn is None
    assert not y.is_leaf and type(y.grad_fn).__name__ == "Mul"
    assert "grad_fn=<Mul>" in repr(y) and "requires_grad=True" in repr(x)
    assert "dtype=float32" in repr(y)


def test_detach_shares_data_but_leaves_the_graph():
    """detach() returns a tensor on the same memory that requires no grad."""
    x = ag.ones(2, requires_grad=True)
    d = (x * 2).detach()
    assert d.grad_fn is None and not d.requires_grad
    e = x.detach()
    assert np.shares_memory(e.data, x.data)


def test_integer_and_boolean_tensors_cannot_require_grad():
    """requires_grad on an int tensor is refused with the dtype in the message."""
    with pytest.raises(TypeError, match=r"only floating.*int64"):
        ag.tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="bool"):
        ag.Tensor(np.array([True])).requires_grad_()


def test_comparisons_return_boolean_tensors_outside_the_graph():
    """x > 0 is a bool tensor that does not require grad."""
    x = ag.Tensor([-1.0, 2.0], requires_grad=True)
    for result in (x > 0, x <= 0, x == 2.0, x != 2.0, x < x, x >= 1):
        assert result.dtype == np.bool_ and not result.requires_grad
    assert (x > 0).tolist() == [False, True]
    for name, op in [("lt", np.less), ("le", np.less_equal), ("gt", np.greater),
                     ("ge", np.greater_equal), ("eq", np.equal), ("ne", np.not_equal)]:  # fmt: skip
        expected = op(x.data, 2.0).tolist()
        assert getattr(ag, name)(x, 2.0).tolist() == getattr(x, name)(2.0).tolist() == expected


def test_creation_functions_make_the_right_shapes_and_values():
    """zeros, ones, full, eye, arange, linspace, *_like."""
    np.testing.assert_array_equal(ag.zeros(2, 3).data, np.zeros((2, 3)))
    np.testing.assert_array_equal(ag.ones((2,)).data, np.ones(2))
    np.testing.assert_array_equal(ag.full((2, 2), 7.0).data, np.full((2, 2), 7.0))
    np.testing.assert_array_equal(ag.eye(3).data, np.eye(3))
    assert ag.arange(4).tolist() == [0, 1, 2, 3] and ag.arange(4).dtype == np.int64
    assert ag.arange(0.0, 1.0, 0.5).dtype == np.float32
    np.testing.assert_allclose(ag.linspace(0, 1, 5).data, np.linspace(0, 1, 5))
    x = ag.ones(2, 3, dtype=np.float64)
    assert ag.zeros_like(x).dtype == np.float64 and ag.ones_like(x).shape == (2, 3)
    assert ag.randn_like(x).shape == (2, 3) and ag.zeros(2, requires_grad=True).requires_grad


def test_manual_seed_makes_every_random_draw_reproducible():
    """The same seed gives the same rand, randn, randint and layer initialisation."""
    import nn

    def draw():
        return (
            ag.rand(3).tolist(),
            ag.randn(2, 2).tolist(),
            ag.randint(0, 10, (4,)).tolist(),
            nn.Linear(3, 2).weight.tolist(),
        )

    ag.manual_seed(123)
    first = draw()
    ag.manual_seed(123)
    assert draw() == first
    assert draw() != first


def test_random_values_have_the_documented_ranges():
    """rand in [0, 1), randint in [low, high), randn roughly standard."""
    r = ag.rand(1000).data
    assert r.min() >= 0 and r.max() < 1
    k = ag.randint(3, 6, (1000,)).data
    assert set(np.unique(k)) == {3, 4, 5}
    assert abs(ag.randn(10000).data.std() - 1) < 0.05


def test_zero_and_fill_change_data_in_place():
    """zero_(), fill_() and copy_() write into the same array."""
    x = ag.ones(3)
    before = x.data
    x.fill_(2.0)
    assert x.data is before and x.tolist() == [2, 2, 2]
    x.copy_(np.array([1.0, 2.0, 3.0]))
    assert x.tolist() == [1, 2, 3]
    x.zero_()
    assert x.tolist() == [0, 0, 0]


def test_astype_converts_and_is_differentiable_between_floats():
    """float32 -> float64 keeps the graph; the gradient comes back as float32."""
    x = ag.ones(2, requires_grad=True)
    y = x.astype(np.float64)
    assert y.dtype == np.float64
    (y * 3).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [3, 3]


def test_numpy_functions_without_a_gradient_refuse_tensors_that_need_one():
    """np.median has no autograd op: refused on a tensor requiring grad, fine on plain ones."""
    x = ag.Tensor([1.0, 3.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"numpy.median has no gradient"):
        np.median(x)
    assert np.median(x.detach()) == 2.0


def test_numpy_functions_with_an_op_record_the_graph():
    """np.exp(t) and ndarray * t route to autograd's ops."""
    x = ag.Tensor([1.0, 2.0], requires_grad=True)
    y = np.exp(x) * np.array([1.0, 2.0], dtype=np.float32)
    assert isinstance(y, ag.Tensor) and y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, np.exp([1.0, 2.0]) * [1, 2], rtol=1e-6)


@pytest.mark.parametrize("make", [ag.tensor, ag.Tensor])
def test_a_list_of_tensors_that_require_grad_is_refused_not_silently_cut(make):
    """tensor([w[0], w[1]]) would make a new leaf and drop w's gradient: say to use stack."""
    w = ag.Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"requires? grad.*autograd.stack"):
        make([w[0], w[1]])
    with pytest.raises(TypeError, match=r"autograd.stack"):
        make([[1.0, 2.0], [w[0], 3.0]])  # nested
    joined = ag.stack([w[0], w[1]])  # the way that keeps the gradient
    (joined * ag.Tensor([3.0, 4.0])).sum().backward()
    assert w.grad.tolist() == [3.0, 4.0]
    assert make([w[0].detach(), 5.0]).tolist() == [1.0, 5.0]  # constants are fine


def test_numpy_out_into_a_tensor_is_refused():
    """np.multiply(x, 5, out=x) would write behind the version stamp: refused, x unchanged."""
    x = ag.Tensor([1.0, 2.0])
    with pytest.raises(TypeError, match=r"numpy.multiply\(..., out=tensor\)"):
        np.multiply(x, 5, out=x)
    assert x.tolist() == [1.0, 2.0]
    x *= 5  # the in-place operator records the write
    assert x.tolist() == [5.0, 10.0]


def test_every_op_method_is_on_the_class_for_help_and_completion():
    """Methods attached by the ops are real class attributes, with the op's docstring."""
    for name in ("exp", "sum", "softmax", "reshape", "matmul", "__add__", "__radd__", "backward"):
        assert name in vars(ag.Tensor), name
    assert ag.Tensor.exp.__doc__ == ag.exp.__doc__
    assert "T" in vars(ag.Tensor) and isinstance(vars(ag.Tensor)["T"], property)


def test_tensor_copies_and_as_tensor_from_numpy_share():
    """tensor(a) and Tensor(a) copy, as torch.tensor does, so a later write to the user's array
    cannot change a value the graph saved; as_tensor and from_numpy share on purpose."""
    a = np.array([1.0, 2.0], np.float32)
    copied, floated, t = ag.tensor(a), ag.Tensor(a), ag.Tensor(ag.tensor(a))
    shared, numpy_view = ag.as_tensor(a), ag.from_numpy(a)
    a[0] = 9.0
    assert copied.tolist() == floated.tolist() == t.tolist() == [1.0, 2.0]
    assert shared.tolist() == numpy_view.tolist() == [9.0, 2.0]
    assert ag.as_tensor(copied) is copied and ag.as_tensor(a, dtype=np.float64).dtype == np.float64
    with pytest.raises(TypeError, match="from_numpy: expected a numpy ndarray, got list"):
        ag.from_numpy([1.0])


@pytest.mark.parametrize("data", [1j, np.array(["a"]), np.array([object()]), [1 + 2j]])
def test_non_numeric_data_is_refused_clearly(data):
    """Complex, string and object data: one clear TypeError, never half support."""
    with pytest.raises(TypeError, match="not supported: glassgrad computes with bool, integer"):
        ag.tensor(data)


def test_assigning_grad_checks_type_shape_and_dtype_at_once():
    """As PyTorch: a wrong .grad is refused when assigned, so an optimizer never meets it."""
    w = ag.Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match="assigned grad must be a Tensor or None, got ndarray"):
        w.grad = np.ones(2)
    with pytest.raises(RuntimeError, match=r"assigned grad has shape \(3,\) and dtype float32"):
        w.grad = ag.ones(3)
    with pytest.raises(RuntimeError, match=r"dtype float64, but the tensor has shape \(2,\)"):
        w.grad = ag.ones(2, dtype=np.float64)
    assert w.grad is None
    w.grad = ag.ones(2)
    assert w.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    "dtype, op, other, allowed",
    [
        (np.int64, "add_", 0.5, False), (np.int64, "add_", 2, True), (np.int64, "mul_", True, True),
        (np.int32, "div_", 2, False), (np.bool_, "add_", 1, False), (np.bool_, "mul_", True, True),
        (np.float32, "add_", 2, True), (np.int64, "sub_", np.array([0.5]), False),
    ],
)  # fmt: skip
def test_inplace_arithmetic_refuses_what_the_dtype_cannot_hold_as_pytorch(dtype, op, other,
                                                                          allowed):  # fmt: skip
    """An integer tensor += 0.5 raises (PyTorch does) instead of truncating silently."""
    torch = pytest.importorskip("torch")
    ours, theirs = (
        ag.tensor(np.ones(2, dtype)),
        torch.ones(2, dtype=getattr(torch, np.dtype(dtype).name)),
    )
    t_other = torch.from_numpy(other) if isinstance(other, np.ndarray) else other
    try:
        getattr(theirs, op)(t_other)
        torch_allows = True
    except RuntimeError:
        torch_allows = False
    assert torch_allows == allowed
    if allowed:
        getattr(ours, op)(other)
        np.testing.assert_array_equal(ours.data, theirs.numpy())
    else:
        before = ours.data.copy()
        with pytest.raises(RuntimeError, match=f"{op}: the result .* cannot be stored"):
            getattr(ours, op)(other)
        np.testing.assert_array_equal(ours.data, before)


def test_creation_makes_its_dtype_directly_and_infers_as_pytorch():
    """full(shape, 4) is int64 and full(shape, True) bool (PyTorch); random draws come in float32
    without a float64 array first; sizes must be integers."""
    assert ag.full((2,), 4).dtype == np.int64 and ag.full((2,), True).dtype == np.bool_
    assert ag.full(2, 4.0).dtype == np.float32 and ag.arange(3).dtype == np.int64
    assert ag.arange(0.0, 1.0, 0.5).dtype == np.float32
    tracemalloc.start()
    big = ag.randn(1_000_000)  # 4 MB of float32
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert big.dtype == np.float32 and peak < 6_000_000  # a float64 draw first would peak at 12 MB
    for make in (ag.zeros, ag.ones, ag.rand, ag.randn):
        with pytest.raises(TypeError, match=r"sizes must be integers, got 2.9"):
            make(2.9)
    with pytest.raises(ValueError, match=r"sizes must be non-negative"):
        ag.zeros(2, -1)


def test_leaves_and_models_pickle_and_a_graph_is_refused_clearly():
    """A model pickles by its leaves' values (Parameters stay Parameters, names and grads kept);
    a tensor made by an op is refused with a message, not a RecursionError on a deep graph."""
    import pickle

    import nn

    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    model(ag.ones(1, 2)).sum().backward()
    back = pickle.loads(pickle.dumps(model))
    w, w2 = model[0].weight, back[0].weight
    assert isinstance(w2, nn.Parameter) and w2.name == "0.weight" and w2.requires_grad
    np.testing.assert_array_equal(w2.data, w.data)
    np.testing.assert_array_equal(w2.grad.data, w.grad.data)
    y = ag.ones(2, requires_grad=True)
    for _ in range(20_000):
        y = y * 1.0
    with pytest.raises(RuntimeError, match="pickle: this tensor .* was made by mul"):
        pickle.dumps(y)
    assert pickle.loads(pickle.dumps(y.detach())).tolist() == [1.0, 1.0]


def test_setitem_places_values_where_getitem_reads_them_as_pytorch():
    """x[1, :, idx] = v writes where x[1, :, idx] reads (PyTorch keeps the array's dims in
    place; numpy would move them first); an index out of range is an IndexError."""
    torch = pytest.importorskip("torch")
    ours, theirs = ag.zeros(2, 3, 4), torch.zeros(2, 3, 4)
    idx = [0, 2]
    value = np.arange(6.0, dtype=np.float32).reshape(3, 2)
    ours[1, :, idx] = value
    theirs[1, :, idx] = torch.from_numpy(value)
    np.testing.assert_array_equal(ours.data, theirs.numpy())
    np.testing.assert_array_equal(ours[1, :, idx].data, value)
    with pytest.raises(IndexError, match=r"setitem: .*tensor shape \(2, 3, 4\)"):
        ours[5] = 1.0


FLOATS = [np.float32, np.float64]


# --- 0-d tensors keep a numpy scalar inside (fast arithmetic), an ndarray at the API -----------
def test_the_data_of_a_0d_tensor_is_an_ndarray_whose_writes_the_tensor_sees():
    x = ag.tensor(2.0, requires_grad=True)
    y = x * 3.0
    for t in (x, y, ag.Tensor(1.5), y.sum()):
        assert type(t.data) is np.ndarray and t.data.shape == () and t.dtype == np.float32
    with ag.no_grad():
        y.data[...] = 7.0
    assert y.item() == 7.0 and np.asarray(y) is y.data


def test_a_detached_or_viewed_0d_result_shares_memory_with_it():
    y = ag.tensor(2.0, requires_grad=True) * 3.0
    d = y.detach()
    d.add_(1.0)
    assert y.item() == 7.0
    with ag.no_grad():
        v = y.reshape(1)
    v.add_(1.0)
    assert y.item() == 8.0 and d.item() == 8.0


def test_from_numpy_of_a_0d_array_shares_it_both_ways():
    a = np.array(1.0, np.float32)
    t = ag.from_numpy(a)
    a[...] = 4.0
    assert t.item() == 4.0
    t.add_(1.0)
    assert a == 5.0


@settings(max_examples=25)
@given(
    st.lists(st.floats(-2, 2, width=32), min_size=1, max_size=6),
    st.sampled_from([np.float32, np.float64]),
)
def test_scalar_graphs_give_the_values_and_gradients_of_one_element_arrays(values, dtype):
    """The numpy-scalar fast path and the array path agree bit for bit."""

    def f(x):
        y = x
        for v in values:
            y = (y * v + 0.5).tanh() - y / 3.0
        return y.sum()

    s = ag.tensor(np.array(0.25, dtype), requires_grad=True)
    a = ag.tensor(np.array([0.25], dtype), requires_grad=True)
    fs, fa = f(s), f(a)
    fs.backward()
    fa.backward()
    assert fs.dtype == fa.dtype == dtype
    np.testing.assert_array_equal(fs.data, fa.data)
    np.testing.assert_array_equal(s.grad.data.reshape(1), a.grad.data)
