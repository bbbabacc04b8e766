"""nn.Module machinery: registration, containers, traversal, modes, dtypes, repr, state_dict and
load_state_dict; compared with PyTorch wherever PyTorch has the same thing."""

import copy
from collections import OrderedDict

import numpy as np
import pytest

import autograd as ag
import nn


class Net(nn.Module):
    """A parameter, a persistent int buffer, a non-persistent buffer, and child modules."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(ag.ones(2))
        self.register_buffer("steps", ag.tensor(np.array(0)))
        self.register_buffer("scratch", ag.zeros(2), persistent=False)
        self.features = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
        self.head = nn.Linear(2, 2)

    def forward(self, x):
        return self.head(self.features(x) * self.scale)


def torch_net(torch):
    """Net, written in PyTorch."""

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(2))
            self.register_buffer("steps", torch.tensor(0))
            self.register_buffer("scratch", torch.zeros(2), persistent=False)
            tnn = torch.nn
            self.features = tnn.Sequential(tnn.Linear(3, 4), tnn.Tanh(), tnn.Linear(4, 2))
            self.head = tnn.Linear(2, 2)

        def forward(self, x):
            return self.head(self.features(x) * self.scale)

    return Net()


def values_and_versions(model):
    """Copies of every parameter and buffer, and their version stamps."""
    tensors = {**dict(model.named_parameters()), **dict(model.named_buffers())}
    return {k: (t.data.copy(), t._counter()[0]) for k, t in tensors.items()}


# --- registration ---------------------------------------------------------------------------
def test_module_registers_parameters_and_submodules_by_dotted_name():
    """named_parameters walks the tree; the same parameter shared twice is listed once."""
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    names = [n for n, _ in model.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    shared = nn.Sequential(model[0], model[0])
    assert len(list(shared.parameters())) == 2


def test_parameters_buffers_and_modules_have_pytorchs_names_in_pytorchs_order():
    """The same model in torch and in nn lists the same names in the same order."""
    torch = pytest.importorskip("torch")
    ours, theirs = Net(), torch_net(torch)
    for listing in ("named_parameters", "named_buffers", "named_modules", "named_children"):
        expected = [name for name, _ in getattr(theirs, listing)()]
        assert [name for name, _ in getattr(ours, listing)()] == expected, listing
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert "scratch" not in ours.state_dict()


def test_none_parameter_stays_registered_and_state_dict_skips_it():
    """`layer.bias = None` keeps `bias` a (None) parameter; it is not saved, and loading a
    value for it is an unexpected key, as in PyTorch."""
    torch = pytest.importorskip("torch")
    layer, theirs = nn.Linear(2, 2), torch.nn.Linear(2, 2)
    layer.bias = theirs.bias = None
    assert list(layer._parameters) == list(theirs._parameters) == ["weight", "bias"]
    assert layer.bias is None
    assert [n for n, _ in layer.named_parameters()] == ["weight"]
    assert list(layer.state_dict()) == list(theirs.state_dict()) == ["weight"]
    result = layer.load_state_dict({"weight": np.zeros((2, 2)), "bias": np.zeros(2)}, False)
    assert result.unexpected_keys == ["bias"]
    with pytest.raises(TypeError, match=r"Linear: cannot assign 'Tensor' as parameter 'bias'"):
        layer.bias = ag.zeros(2)


def test_reassignment_keeps_the_place_and_del_unregisters_as_pytorch():
    """A parameter re-assigned keeps its position; after `del` it is gone everywhere and a new
    one goes to the end."""
    torch = pytest.importorskip("torch")
    ours, theirs = nn.Linear(2, 3), torch.nn.Linear(2, 3)
    new = nn.Parameter(ag.zeros(3, 2))
    ours.weight = new
    theirs.weight = torch.nn.Parameter(torch.zeros(3, 2))
    assert ours.weight is new
    assert [n for n, _ in ours.named_parameters()] == ["weight", "bias"]
    del ours.weight, theirs.weight
    assert not hasattr(ours, "weight")
    assert [n for n, _ in ours.named_parameters()] == ["bias"]
    ours.weight = new
    theirs.weight = torch.nn.Parameter(torch.zeros(3, 2))
    expected = [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_parameters()] == expected == ["bias", "weight"]


def test_kinds_replace_each_other_as_in_pytorch():
    """A Parameter may replace a module of the same name (which is unregistered); a module may
    not replace a parameter until it is deleted, as in PyTorch."""
    torch = pytest.importorskip("torch")
    for lib, param in (
        (nn, nn.Parameter(ag.zeros(1))),
        (torch.nn, torch.nn.Parameter(torch.zeros(1))),
    ):
        m = lib.Module()
        m.x = lib.ReLU()
        m.x = param
        assert list(m.children()) == [] and list(m.parameters()) == [param]
        with pytest.raises(TypeError, match="cannot assign .*ReLU' as parameter 'x'"):
            m.x = lib.ReLU()
        del m.x
        m.x = lib.ReLU()
        assert list(m.parameters()) == [] and len(list(m.children())) == 1


def test_names_are_validated_naming_the_module_and_the_name():
    """Dotted, empty and taken names, wrong types, and registering before __init__ all raise
    PyTorch's error types with the class and the name."""
    layer = nn.Linear(2, 2)
    with pytest.raises(KeyError, match=r"Linear: parameter name can't contain '\.', got 'a\.b'"):
        layer.register_parameter("a.b", nn.Parameter(ag.zeros(1)))
    with pytest.raises(KeyError, match=r"Linear: buffer name can't be an empty string"):
        layer.register_buffer("", ag.zeros(1))
    with pytest.raises(KeyError, match=r"Linear: attribute 'weight' already exists as a parameter"):
        layer.register_buffer("weight", ag.zeros(1))
    with pytest.raises(KeyError, match=r"attribute 'in_features' already exists"):
        layer.add_module("in_features", nn.ReLU())
    with pytest.raises(TypeError, match=r"Linear: cannot assign 'ndarray' as buffer 'b'"):
        layer.register_buffer("b", np.zeros(1))
    with pytest.raises(TypeError, match=r"cannot assign 'int' as module 'm' \(nn.Module or None"):
        layer.add_module("m", 3)
    with pytest.raises(TypeError, match=r"cannot assign 'Tensor' as parameter 'p'"):
        layer.register_parameter("p", ag.zeros(1))

    class Early(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(ag.zeros(1))

    with pytest.raises(AttributeError, match=r"Early: cannot assign parameter 'w' before Module"):
        Early()


@pytest.mark.parametrize(
    "value, fix",
    [
        ([nn.ReLU(), nn.Tanh()], "nn.ModuleList"),
        ((nn.ReLU(),), "nn.ModuleList"),
        ({"act": nn.ReLU()}, "nn.ModuleDict"),
        ([nn.Parameter(ag.zeros(1))], "nn.ParameterList"),
        ({"w": nn.Parameter(ag.zeros(1))}, "nn.ParameterDict"),
        ([[1, 2], [nn.ReLU()]], "nn.ModuleList"),
    ],
)
def test_plain_containers_of_modules_or_parameters_are_refused_naming_the_fix(value, fix):
    """PyTorch would silently not register them; we say which attribute and what to use."""
    model = Net()
    with pytest.raises(TypeError, match=rf"Net\.layers: a plain .* not registered.*use {fix}\("):
        model.layers = value
    assert not hasattr(model, "layers")


def test_plain_containers_of_other_values_are_still_allowed():
    """Lists, tuples and dicts of numbers or tensors are ordinary attributes."""
    model = Net()
    model.sizes, model.cache = [3, 4], {"x": ag.zeros(1)}
    assert model.sizes == [3, 4] and list(model.cache) == ["x"]


# --- display names --------------------------------------------------------------------------
def test_tensors_are_named_by_their_dotted_path_as_the_model_grows():
    """`0.weight` in a Sequential, `features.0.weight` once it is part of a model; buffers too;
    names the user gave are kept."""
    seq = nn.Sequential(nn.Linear(3, 4), nn.Tanh())
    assert [p.name for p in seq.parameters()] == ["0.weight", "0.bias"]
    model = Net()
    model.features = seq
    model.own = nn.Parameter(ag.zeros(1), name="w")
    everything = [*model.named_parameters(), *model.named_buffers()]
    assert [t.name for _, t in everything] == [n if n != "own" else "w" for n, _ in everything]
    assert model.features[0].weight.name == "features.0.weight"


def test_names_follow_modules_moved_by_insert_and_del():
    """After an insertion the layers behind it are renamed (`features.0` -> `features.1`), and
    after a deletion back. A container does not know its own place in a bigger model, so a
    module added to it is named from the container down (`0.weight`)."""
    model = Net()
    moved = model.features[0].weight
    model.features.insert(0, nn.Linear(3, 3))
    assert moved.name == "features.1.weight"
    assert model.features[0].weight.name == "0.weight"
    del model.features[0]
    assert moved.name == "features.0.weight"


def test_a_shared_parameter_keeps_its_first_name():
    """Weight tying: the second owner does not rename the tensor."""
    a, b = nn.Linear(2, 2), nn.Linear(2, 2)
    b.weight = a.weight
    model = nn.Sequential(a, b)
    assert model[1].weight.name == "0.weight"


# --- containers -----------------------------------------------------------------------------
def layout(container):
    """(key, class name) of each child."""
    return [(k, type(m).__name__) for k, m in container._modules.items()]


def test_sequential_indexing_and_editing_match_pytorch():
    """The same edits on torch's Sequential and ours give the same keys and layers."""
    torch = pytest.importorskip("torch")
    seqs = []
    for lib in (nn, torch.nn):
        seq = lib.Sequential(lib.ReLU(), lib.Tanh(), lib.Sigmoid())
        assert type(seq[-1]).__name__ == "Sigmoid" and len(seq) == 3
        assert layout(seq[1:]) == [("1", "Tanh"), ("2", "Sigmoid")]
        seq.append(lib.ReLU()).extend([lib.Tanh()])
        seq.insert(1, lib.Sigmoid())
        seq.insert(-1, lib.ReLU())
        del seq[0]
        del seq[1:3]
        seq[0] = lib.Tanh()
        seq += lib.Sequential(lib.Sigmoid())
        seqs.append(seq)
    ours, theirs = seqs
    assert layout(ours) == layout(theirs)
    assert [type(m).__name__ for m in ours] == [type(m).__name__ for m in theirs]
    with pytest.raises(IndexError, match=r"Sequential: index 9 is out of range for length 5"):
        ours[9]


def test_sequential_from_an_ordered_dict_keeps_names_and_runs_in_order():
    """Named layers, slices that keep the names (as PyTorch), forward = composition."""
    torch = pytest.importorskip("torch")
    names = ["lin", "act", "out"]
    ours, theirs = (
        lib.Sequential(OrderedDict(zip(names, layers, strict=True)))
        for lib in (nn, torch.nn)
        for layers in [[lib.Linear(3, 4), lib.Tanh(), lib.Linear(4, 2)]]
    )
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert layout(ours[1:]) == layout(theirs[1:]) == [("act", "Tanh"), ("out", "Linear")]
    x = ag.randn(5, 3)
    np.testing.assert_array_equal(ours(x).data, ours.out(ours.act(ours.lin(x))).data)


def test_module_list_editing_matches_pytorch():
    """Append, extend, +=, insert, del (index and slice), set: keys 0, 1, ... as in PyTorch;
    slices renumber."""
    torch = pytest.importorskip("torch")
    lists = []
    for lib in (nn, torch.nn):
        ml = lib.ModuleList([lib.ReLU(), lib.Tanh()])
        ml.append(lib.Sigmoid())
        ml += [lib.ReLU(), lib.Tanh()]
        ml.extend([lib.Sigmoid()])
        ml.insert(2, lib.Tanh())
        del ml[0]
        del ml[::2]
        ml[-1] = lib.ReLU()
        assert layout(ml[1:]) == [("0", "ReLU"), ("1", "ReLU")]
        lists.append(ml)
    ours, theirs = lists
    assert layout(ours) == layout(theirs) and len(ours) == len(theirs) == 3
    assert [type(m).__name__ for m in ours] == ["Tanh", "ReLU", "ReLU"]
    with pytest.raises(NotImplementedError, match="ModuleList does not define forward"):
        ours(ag.ones(1))


def test_module_list_insert_counts_negative_indices_from_the_end():
    """insert(-1, m) puts m before the last module, as list.insert."""
    ml = nn.ModuleList([nn.ReLU(), nn.Tanh()])
    ml.insert(-1, nn.Sigmoid())
    assert layout(ml) == [("0", "ReLU"), ("1", "Sigmoid"), ("2", "Tanh")]
    assert type(ml.pop(0)).__name__ == "ReLU" and len(ml) == 2
    with pytest.raises(IndexError, match=r"ModuleList.insert: index 5 is out of range"):
        ml.insert(5, nn.ReLU())


def test_extend_and_update_change_nothing_when_an_item_is_bad():
    """A bad item anywhere raises before any item is added."""
    ml = nn.ModuleList([nn.ReLU()])
    with pytest.raises(TypeError, match=r"cannot assign 'int' as module '2'"):
        ml.extend([nn.Tanh(), 3])
    assert len(ml) == 1
    md = nn.ModuleDict({"a": nn.ReLU()})
    with pytest.raises(KeyError, match="can't contain"):
        md.update({"b": nn.Tanh(), "c.d": nn.Tanh()})
    assert list(md) == ["a"]
    pl = nn.ParameterList([ag.zeros(1)])
    with pytest.raises(TypeError, match="only floating tensors can require grad"):
        pl.extend([ag.zeros(2), np.arange(3)])
    assert len(pl) == 1


def test_module_dict_is_dict_like_and_registers_its_modules():
    """keys/values/items, [], in, update, pop, len, iter, clear; state_dict keys as PyTorch."""
    torch = pytest.importorskip("torch")
    md = nn.ModuleDict({"enc": nn.Linear(2, 3), "act": nn.ReLU()})
    md.update([("dec", nn.Linear(3, 2))])
    md["act"] = nn.Tanh()
    assert list(md) == list(md.keys()) == ["enc", "act", "dec"] and len(md) == 3
    assert "enc" in md and "nope" not in md
    assert [type(m).__name__ for m in md.values()] == ["Linear", "Tanh", "Linear"]
    assert [k for k, _ in md.items()] == ["enc", "act", "dec"]
    theirs = torch.nn.ModuleDict({"enc": torch.nn.Linear(2, 3), "act": torch.nn.ReLU()})
    theirs.update([("dec", torch.nn.Linear(3, 2))])
    assert list(md.state_dict()) == list(theirs.state_dict())
    assert type(md.pop("act")).__name__ == "Tanh" and list(md) == ["enc", "dec"]
    with pytest.raises(KeyError):
        del md["act"]
    md.clear()
    assert len(md) == 0 and list(md.parameters()) == []


def test_parameter_list_and_dict_register_like_pytorch():
    """Tensors become Parameters sharing memory; keys 0, 1, ... for the list, and a plain
    dict's keys sorted for the dict, as PyTorch."""
    torch = pytest.importorskip("torch")
    t = ag.zeros(3)
    ours = nn.Module()
    ours.plist = nn.ParameterList([t, np.ones((2, 2))])
    ours.pdict = nn.ParameterDict({"b": ag.zeros(1), "a": ag.ones(2)})
    theirs = torch.nn.Module()
    theirs.plist = torch.nn.ParameterList([torch.zeros(3), torch.ones(2, 2)])
    theirs.pdict = torch.nn.ParameterDict({"b": torch.zeros(1), "a": torch.ones(2)})
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert isinstance(ours.plist[0], nn.Parameter) and np.shares_memory(ours.plist[0].data, t.data)
    assert [p.shape for p in ours.plist[::-1]] == [(2, 2), (3,)]
    ours.plist[-1] = ag.ones(4)
    ours.plist += [ag.ones(5)]
    assert [p.shape for p in ours.plist] == [(3,), (4,), (5,)]
    ours.pdict["c"] = ag.ones(1)
    assert list(ours.pdict) == ["a", "b", "c"] and "c" in ours.pdict
    assert ours.pdict.pop("b").shape == (1,) and ours.pdict.get("b") is None
    assert [n for n, _ in ours.named_parameters()] == [
        "plist.0", "plist.1", "plist.2", "pdict.a", "pdict.c",
    ]  # fmt: skip
    with pytest.raises(TypeError, match="expected an iterable of parameters, got Tensor"):
        ours.plist.extend(ag.ones(2))
    with pytest.raises(KeyError, match="would replace the attribute"):
        ours.pdict["training"] = ag.ones(1)
    with pytest.raises(RuntimeError, match="ParameterList should not be called"):
        ours.plist()
    assert repr(ours.pdict) == (
        "ParameterDict(\n  (a): Parameter containing: [float32 of size 2]\n"
        "  (c): Parameter containing: [float32 of size 1]\n)"
    )


# --- traversal and modes --------------------------------------------------------------------
def shared_model(lib):
    """A model that uses one Linear twice."""
    shared = lib.Linear(2, 2)
    model = lib.Sequential(shared, lib.ReLU(), lib.Sequential(shared, lib.Tanh()))
    model.register_buffer("b", None)
    return model


def test_traversal_with_shared_modules_matches_pytorch():
    """named_modules / named_parameters with and without duplicates, recurse and prefix."""
    torch = pytest.importorskip("torch")
    ours, theirs = shared_model(nn), shared_model(torch.nn)
    calls = [
        ("named_modules", {}),
        ("named_modules", {"remove_duplicate": False, "prefix": "m"}),
        ("named_parameters", {}),
        ("named_parameters", {"remove_duplicate": False}),
        ("named_parameters", {"recurse": False}),
        ("named_parameters", {"prefix": "model"}),
        ("named_buffers", {}),
        ("named_children", {}),
    ]
    for method, kwargs in calls:
        expected = [n for n, _ in getattr(theirs, method)(**kwargs)]
        assert [n for n, _ in getattr(ours, method)(**kwargs)] == expected, (method, kwargs)
    assert len(list(ours.modules())) == len(list(theirs.modules())) == 5
    assert len(list(ours.children())) == 3 and len(list(ours.parameters())) == 2


def test_apply_visits_children_first_then_self_like_pytorch():
    """The order of visits matches PyTorch's, and apply returns the module."""
    torch = pytest.importorskip("torch")
    orders = []
    for lib in (nn, torch.nn):
        seen = []
        model = lib.Sequential(lib.ReLU(), lib.Sequential(lib.Tanh(), lib.Sigmoid()))
        assert model.apply(lambda m, seen=seen: seen.append(type(m).__name__)) is model
        orders.append(seen)
    assert orders[0] == orders[1] == ["ReLU", "Tanh", "Sigmoid", "Sequential", "Sequential"]


def test_train_and_eval_reach_every_module_and_return_self():
    """eval() clears `training` everywhere, train() sets it; a non-bool mode is refused."""
    model = Net()
    assert model.eval() is model
    assert not any(m.training for m in model.modules())
    assert model.train() is model
    assert all(m.training for m in model.modules())
    with pytest.raises(ValueError, match=r"Net.train: mode must be a bool, got 'no'"):
        model.train("no")


def test_requires_grad_and_zero_grad_reach_every_parameter():
    """requires_grad_(False) freezes all; zero_grad zeros in place or forgets the grads."""
    model = Net()
    model(ag.randn(5, 3)).sum().backward()
    model.zero_grad(set_to_none=False)
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and not g.data.any() for g in grads)
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    assert model.requires_grad_(False) is model
    assert not any(p.requires_grad for p in model.parameters())


# --- dtype ----------------------------------------------------------------------------------
def test_double_and_float_convert_parameters_buffers_and_grads_in_place():
    """Floating parameters, buffers and grads change dtype; the Parameter objects stay (an
    optimizer keeps working); integer buffers are left alone."""
    model = Net()
    params = list(model.parameters())
    model(ag.randn(5, 3)).sum().backward()
    assert model.double() is model
    assert list(model.parameters()) == params
    assert {p.dtype for p in params} == {p.grad.dtype for p in params} == {np.dtype("float64")}
    assert model.scratch.dtype == np.float64 and model.steps.dtype == np.int64
    assert model(ag.randn(5, 3).astype(np.float64)).dtype == np.float64
    model.float()
    assert {p.dtype for p in params} == {np.dtype("float32")}
    assert model.to(dtype="float64").scale.dtype == np.float64
    for bad in ("int64", "cpu", None):
        with pytest.raises(TypeError, match=r"Net.to: expected a floating dtype"):
            model.to(bad)


# --- repr -----------------------------------------------------------------------------------
def test_repr_matches_pytorchs_nesting_and_extra_repr():
    """Nested containers and extra_repr (one line, several lines) print as in PyTorch."""
    torch = pytest.importorskip("torch")
    reprs = []
    for lib in (nn, torch.nn):

        class Scaled(lib.Module):
            def extra_repr(self):
                return "factor=2"

        class Multi(lib.Module):
            def __init__(self, act=lib.ReLU):
                super().__init__()
                self.act = act()

            def extra_repr(self):
                return "a=1\nb=2"

        model = lib.Sequential(
            lib.ReLU(), lib.Sequential(lib.Tanh(), Scaled()), lib.ModuleDict({"m": Multi()})
        )
        reprs.append(repr(model))
    assert reprs[0] == reprs[1]
    assert "  (1): Sequential(\n    (0): Tanh()\n    (1): Scaled(factor=2)\n  )" in reprs[0]


# --- state_dict and load_state_dict ---------------------------------------------------------
def test_loading_a_pytorch_state_dict_gives_the_same_outputs_in_float64():
    """The same weights give the same forward in both libraries."""
    torch = pytest.importorskip("torch")
    theirs = torch_net(torch).double()
    theirs.steps.fill_(7)
    ours = Net().double()
    assert ours.load_state_dict(theirs.state_dict()).missing_keys == []
    assert ours.steps.item() == 7
    x = np.random.default_rng(0).standard_normal((5, 3))
    expected = theirs(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(ours(ag.tensor(x)).data, expected, rtol=1e-12, atol=1e-15)


def test_state_dict_shares_memory_and_deepcopy_takes_a_snapshot():
    """Values are detached views of the parameters (keep_vars: the Parameters); a deepcopy is
    independent and restores the model when loaded."""
    model = Net()
    live, snapshot = model.state_dict(), copy.deepcopy(model.state_dict())
    assert isinstance(live, OrderedDict)
    assert not live["scale"].requires_grad and live["scale"] is not model.scale
    assert model.state_dict(keep_vars=True)["features.0.weight"] is model.features[0].weight
    with ag.no_grad():
        model.scale += 1
    np.testing.assert_array_equal(live["scale"].data, [2.0, 2.0])
    np.testing.assert_array_equal(snapshot["scale"].data, [1.0, 1.0])
    model.load_state_dict(snapshot)
    np.testing.assert_array_equal(model.scale.data, [1.0, 1.0])


def test_load_state_dict_takes_numpy_arrays_and_keeps_the_model_dtype():
    """float64 arrays load into float32 parameters, rounded, dtype unchanged."""
    layer = nn.Linear(3, 2)
    w = np.random.default_rng(1).standard_normal((2, 3))
    layer.load_state_dict({"weight": w, "bias": np.zeros(2)})
    assert layer.weight.dtype == np.float32
    np.testing.assert_array_equal(layer.weight.data, w.astype(np.float32))


def test_a_bad_state_dict_reports_every_problem_and_changes_nothing():
    """Missing and unexpected keys, a wrong shape and a wrong dtype kind, all in one
    RuntimeError worded as PyTorch's; no value or version stamp changes."""
    model = Net()
    state = copy.deepcopy(model.state_dict())
    state.pop("head.bias")
    state["extra"] = np.zeros(1)
    state["features.0.bias"] = np.zeros(5)
    state["steps"] = np.array(1.5)
    state["scale"] = "two"
    before = values_and_versions(model)
    with pytest.raises(RuntimeError) as err:
        model.load_state_dict(state)
    assert str(err.value).split("\n\t") == [
        "Error(s) in loading state_dict for Net:",
        'Missing key(s) in state_dict: "head.bias". ',
        'Unexpected key(s) in state_dict: "extra". ',
        'While copying the parameter named "scale", expected a Tensor, numpy array or '
        "tensor-like object from checkpoint but received <class 'str'>",
        "dtype mismatch for steps: copying a floating param (float64) from checkpoint, the "
        "param in current model is integer (int64).",
        "size mismatch for features.0.bias: copying a param with shape (5,) from checkpoint, "
        "the shape in current model is (4,).",
    ]
    after = values_and_versions(model)
    for key, (data, version) in before.items():
        np.testing.assert_array_equal(after[key][0], data)
        assert after[key][1] == version, key


def test_strict_false_returns_the_keys_pytorch_returns_but_shapes_must_still_match():
    """missing/unexpected keys as PyTorch's _IncompatibleKeys; matching keys are loaded."""
    torch = pytest.importorskip("torch")
    ours, theirs = Net(), torch_net(torch)
    partial = dict(theirs.state_dict())
    partial.pop("head.weight")
    partial["extra.weight"] = torch.zeros(1)
    expected = theirs.load_state_dict(partial, strict=False)
    result = ours.load_state_dict(partial, strict=False)
    assert result == tuple(expected)
    assert result.missing_keys == ["head.weight"] and result.unexpected_keys == ["extra.weight"]
    np.testing.assert_array_equal(ours.head.bias.data, theirs.head.bias.detach().numpy())
    assert repr(ours.load_state_dict(ours.state_dict())) == "<All keys matched successfully>"
    with pytest.raises(RuntimeError, match=r"size mismatch for head.bias"):
        ours.load_state_dict({"head.bias": np.zeros(3)}, strict=False)


def test_non_persistent_buffers_are_neither_saved_nor_expected():
    """`scratch` is not in the state_dict; a state_dict without it loads under strict=True."""
    model = Net()
    state = model.state_dict()
    assert "scratch" not in state and "steps" in state
    assert model.load_state_dict(state) == ([], [])
    with pytest.raises(RuntimeError, match=r'Unexpected key\(s\) in state_dict: "scratch"'):
        model.load_state_dict({**state, "scratch": np.zeros(2)})


def test_loading_is_an_in_place_write_so_an_older_graph_refuses_backward():
    """Backward through a forward run before the load would mix old and new weights: raise."""
    layer = nn.Linear(3, 2)
    state = copy.deepcopy(layer.state_dict())
    loss = layer(ag.randn(4, 3)).sum()
    version = layer.weight._counter()[0]
    layer.load_state_dict(state)
    assert layer.weight._counter()[0] > version
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_load_state_dict_rejects_what_is_not_a_mapping():
    """A list of pairs is not a state_dict."""
    with pytest.raises(TypeError, match=r"Linear.load_state_dict: expected a dict-like"):
        nn.Linear(2, 2).load_state_dict([("weight", np.zeros((2, 2)))])


# --- copies and Parameter -------------------------------------------------------------------
def test_deepcopy_of_a_model_is_an_independent_model():
    """The copy has its own parameters, registered and reachable as attributes alike."""
    model = Net()
    clone = copy.deepcopy(model)
    assert clone.features[0].weight is not model.features[0].weight
    assert clone.state_dict(keep_vars=True)["features.0.weight"] is clone.features[0].weight
    with ag.no_grad():
        clone.scale += 1
    np.testing.assert_array_equal(model.scale.data, [1.0, 1.0])


def test_parameter_shares_a_tensors_memory_and_stamp_and_copies_an_array():
    """Parameter(tensor) shares memory and version stamp (PyTorch); Parameter(ndarray) copies, so
    later writes to the user's array cannot change the parameter behind the graph."""
    t, a = ag.randn(2), np.zeros(3)
    p, q = nn.Parameter(t), nn.Parameter(a)
    assert np.shares_memory(p.data, t.data) and not np.shares_memory(q.data, a)
    y = p * p
    t += 1  # an in-place write to the wrapped tensor is a write to the parameter
    with pytest.raises(RuntimeError, match="modified in place"):
        y.sum().backward()
    a += 1
    assert q.tolist() == [0.0, 0.0, 0.0]
    assert q.dtype == np.float64 and p.requires_grad and p.is_leaf
    assert not nn.Parameter(a, requires_grad=False).requires_grad
    with pytest.raises(TypeError, match="only floating tensors can require grad"):
        nn.Parameter(np.arange(3))


@pytest.mark.parametrize(
    "bad", [np.array(["a", "b"]), None, np.array([object(), object()]), np.array([True, False])]
)
def test_a_value_that_is_not_a_number_of_the_right_kind_loads_nothing(bad):
    """A string array loaded after some parameters were already overwritten, and None loaded as
    NaN: every value is checked first now, so nothing changes."""
    model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    state = {k: v.numpy().copy() for k, v in model.state_dict().items()}
    state["1.bias"] = bad
    before = values_and_versions(model)
    with pytest.raises(RuntimeError, match=r"Error\(s\) in loading state_dict for Sequential"):
        model.load_state_dict(state)
    after = values_and_versions(model)
    for key, (data, version) in before.items():
        np.testing.assert_array_equal(after[key][0], data)
        assert after[key][1] == version
