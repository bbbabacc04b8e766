"""`Module`: the base of layers and models; it registers its parameters, buffers and sub-modules."""

from __future__ import annotations

from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, count
from typing import Any, TypeVar

import numpy as np

from autograd import Tensor, no_grad, zero_grad
from autograd.mode import state

from .hooks import RemovableHandle
from .parameter import Parameter

_call_numbers = count()  # each module call's number, for diagrams to tell calls apart

_M = TypeVar("_M", bound="Module")

_DTYPE_KINDS = {"f": "floating", "c": "complex", "i": "integer", "u": "integer", "b": "bool"}


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What `load_state_dict(strict=False)` left unmatched, in either direction."""

    __slots__ = ()

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class Module:
    """A layer or model: assign Parameters, buffers and Modules as attributes; define `forward`.

    Registered values are kept in order in `_parameters`, `_buffers` and `_modules` (for traversal
    and state_dict) and also in the instance `__dict__`, so `self.weight` in forward is a plain
    attribute read. Change them by assignment, `del` or `register_*`, which keep both in step.
    """

    training: bool

    def __init__(self) -> None:
        self.__dict__.update(
            training=True,
            _parameters={},
            _buffers={},
            _non_persistent_buffers_set=set(),
            _modules={},
            _forward_pre_hooks={},
            _forward_hooks={},
        )

    # --- registration ----------------------------------------------------------------------
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None: registered, but skipped by state_dict) as `self.<name>`."""
        self._register("parameter", name, param, clash=True)

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add state that is not a parameter (e.g. running statistics) as `self.<name>`;
        state_dict saves it unless `persistent=False`."""
        self._register("buffer", name, tensor, persistent, clash=True)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module as `self.<name>`."""
        self._register("module", name, module, clash=True)

    register_module = add_module

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        if isinstance(value, Parameter) or name in d.get("_parameters", ()):
            self._register("parameter", name, value)
        elif isinstance(value, Module) or name in d.get("_modules", ()):
            self._register("module", name, value)
        elif name in d.get("_buffers", ()):
            self._register("buffer", name, value, name not in self._non_persistent_buffers_set)
        else:
            if isinstance(value, list | tuple | dict):
                _refuse_unregistered(self, name, value)
            object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._parameters or name in self._buffers or name in self._modules:
            self._discard(name)
        else:
            object.__delattr__(self, name)

    def _check_name(self, kind: str, name: Any, clash: bool = False) -> None:
        """Refuse what PyTorch refuses: registering before `__init__`, a name that is not a
        non-empty string without '.', and (with `clash`) a name taken by another kind."""
        cls = type(self).__name__
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"{cls}: cannot assign {kind} {name!r} before Module.__init__() call; call "
                "super().__init__() first"
            )
        if not isinstance(name, str):
            raise TypeError(f"{cls}: {kind} name should be a string, got {type(name).__name__}")
        if "." in name:
            raise KeyError(f"{cls}: {kind} name can't contain '.', got {name!r}")
        if name == "":
            raise KeyError(f"{cls}: {kind} name can't be an empty string")
        if clash and name not in getattr(self, _KINDS[kind][0]) and hasattr(self, name):
            taken = next((k for k, (r, *_) in _KINDS.items() if name in getattr(self, r)), None)
            raise KeyError(
                f"{cls}: attribute {name!r} already exists"
                + (f" as a {taken}; delete it first" if taken else "")
            )

    def _check_value(self, kind: str, name: str, value: Any) -> None:
        """Refuse a value that is not of `kind` (a Parameter, Tensor or Module) or None."""
        _, wanted, shown = _KINDS[kind]
        if value is not None and not isinstance(value, wanted):
            raise TypeError(
                f"{type(self).__name__}: cannot assign {type(value).__name__!r} as {kind} "
                f"{name!r} ({shown} or None expected)"
            )

    def _register(
        self, kind: str, name: str, value: Any, persistent: bool = True, clash: bool = False
    ) -> None:
        """Check `name` and the type of `value`, then hold it as the `kind` named `name`."""
        self._check_name(kind, name, clash)
        self._check_value(kind, name, value)
        self._put(getattr(self, _KINDS[kind][0]), name, value)
        if not persistent:
            self._non_persistent_buffers_set.add(name)

    def _put(self, registry: dict[str, Any], name: str, value: Any, was: str = "") -> None:
        """Hold `value` in `registry` (only) and the instance dict; name its tensors after where
        they now sit (`was`: the prefix they had inside this module before, for a move)."""
        self._discard(name, keep=registry)
        registry[name] = value
        self.__dict__[name] = value
        if isinstance(value, Module):
            _rename_tensors(value, was, name + ".")
        elif isinstance(value, Tensor) and value.name is None:
            value.name = name

    def _discard(self, name: str, keep: dict[str, Any] | None = None) -> None:
        """Unregister `name` from every registry but `keep`, and from the instance dict."""
        for registry in (self._parameters, self._buffers, self._modules):
            if registry is not keep:
                registry.pop(name, None)
        self._non_persistent_buffers_set.discard(name)
        self.__dict__.pop(name, None)

    # --- running -------------------------------------------------------------------------
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        outer = state.scope  # this forward's ops record this call (diagrams group them by it)
        state.scope = (*outer, (self, next(_call_numbers)))
        try:
            if not (self._forward_pre_hooks or self._forward_hooks):
                return self.forward(*args, **kwargs)
            return self._hooked_forward(args, kwargs)
        finally:
            state.scope = outer

    def _hooked_forward(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """forward between its pre-hooks and its hooks, each of which may replace what it sees."""
        for hook in list(self._forward_pre_hooks.values()):
            changed = hook(self, args)
            if changed is not None:
                args = changed if isinstance(changed, tuple) else (changed,)
        out = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            changed = hook(self, args, out)
            if changed is not None:
                out = changed
        return out

    # --- hooks ---------------------------------------------------------------------------
    def register_forward_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call `hook(module, args)` before each forward; a value it returns replaces the
        positional arguments (a non-tuple is wrapped in one), as PyTorch's."""
        return self._add_hook(self._forward_pre_hooks, hook)

    def register_forward_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call `hook(module, args, output)` after each forward; a value it returns replaces the
        output, as PyTorch's. To see the gradient that comes back to the output, register a
        tensor hook on it there (`output.register_hook(...)`)."""
        return self._add_hook(self._forward_hooks, hook)

    @staticmethod
    def _add_hook(table: dict[int, Any], hook: Callable[..., Any]) -> RemovableHandle:
        if not callable(hook):
            raise TypeError(f"register_forward_hook: a hook must be callable, got {hook!r}")
        handle = RemovableHandle(table)
        table[handle.id] = hook
        return handle

    # --- traversal -----------------------------------------------------------------------
    def named_modules(
        self, memo: set[Module] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """(dotted name, module) for this module and every one below it, parents first."""
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, child in self._modules.items():
            if child is not None:
                sub = f"{prefix}.{name}" if prefix else name
                yield from child.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """This module and every module below it, each once."""
        return (m for _, m in self.named_modules())

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """(name, module) for each direct child, each once."""
        seen: set[int] = set()
        for name, child in self._modules.items():
            if child is not None and id(child) not in seen:
                seen.add(id(child))
                yield name, child

    def children(self) -> Iterator[Module]:
        """Each direct child module, once."""
        return (m for _, m in self.named_children())

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) for this module (and with `recurse` all below it)."""
        return self._named_members(lambda m: m._parameters, prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter of this module (and with `recurse` its sub-modules), each once."""
        return (p for _, p in self.named_parameters(recurse=recurse))

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """(dotted name, buffer) for this module (and with `recurse` all below it)."""
        return self._named_members(lambda m: m._buffers, prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer of this module (and with `recurse` its sub-modules), each once."""
        return (b for _, b in self.named_buffers(recurse=recurse))

    def _named_members(
        self,
        members: Callable[[Module], dict[str, Any]],
        prefix: str,
        recurse: bool,
        remove_duplicate: bool,
    ) -> Iterator[tuple[str, Any]]:
        """(dotted name, value) from `members` of each module in the walk; None values skipped,
        and with `remove_duplicate` each value once."""
        seen: set[int] = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
        for mod_prefix, m in mods if recurse else [(prefix, self)]:
            for name, value in members(m).items():
                if value is None or id(value) in seen:
                    continue
                if remove_duplicate:
                    seen.add(id(value))
                yield (f"{mod_prefix}.{name}" if mod_prefix else name), value

    def apply(self: _M, fn: Callable[[Module], Any]) -> _M:
        """Call `fn` on every sub-module (children first) and then on self; returns self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # --- training state ------------------------------------------------------------------
    def requires_grad_(self: _M, requires_grad: bool = True) -> _M:
        """Set `requires_grad` on every parameter (False freezes them); returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient (None, PyTorch's default), or zero it in place."""
        zero_grad(self.parameters(), set_to_none)

    def train(self: _M, mode: bool = True) -> _M:
        """Set `training` on this module and every sub-module; returns self.

        Layers that behave differently while training (dropout, batch norm, added later) read
        `self.training`."""
        if not isinstance(mode, bool):
            raise ValueError(f"{type(self).__name__}.train: mode must be a bool, got {mode!r}")
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self: _M) -> _M:
        """`train(False)`: evaluation mode for this module and every sub-module; returns self."""
        return self.train(False)

    # --- dtype ---------------------------------------------------------------------------
    def to(self: _M, dtype: Any) -> _M:
        """Convert every floating parameter and buffer of the tree (and their gradients) to
        `dtype`, in place: the Parameter objects stay, so optimizers keep them. Returns self."""
        try:
            target = None if dtype is None else np.dtype(dtype)
        except TypeError:
            target = None
        if target is None or target.kind != "f":
            raise TypeError(
                f"{type(self).__name__}.to: expected a floating dtype such as np.float64, got "
                f"{dtype!r} (there are no devices: everything runs on numpy, on the CPU)"
            )
        for t in chain(self.parameters(), self.buffers()):
            if t.dtype.kind == "f" and t.dtype != target:
                grad, t.grad = t.grad, None
                t.data = t.data.astype(target)
                if grad is not None:
                    t.grad = Tensor(grad.data, dtype=target)
        return self

    # --- state_dict ----------------------------------------------------------------------
    def state_dict(
        self,
        destination: dict[str, Any] | None = None,
        prefix: str = "",
        keep_vars: bool = False,
    ) -> dict[str, Tensor]:
        """An OrderedDict of dotted name -> tensor: this module's parameters, then its
        persistent buffers, then each child's, recursively (PyTorch's keys and order).

        As in PyTorch, the values share memory with the model (detached tensors; the Parameters
        themselves with `keep_vars=True`), so a later optimizer step or load changes them too.
        Take a snapshot with `copy.deepcopy(model.state_dict())`."""
        if destination is None:
            destination = OrderedDict()
        buffers = self._buffers.items()
        persistent = ((k, b) for k, b in buffers if k not in self._non_persistent_buffers_set)
        for name, t in chain(self._parameters.items(), persistent):
            if t is not None:
                destination[prefix + name] = t if keep_vars else t.detach()
        for name, child in self._modules.items():
            if child is not None:
                child.state_dict(destination, f"{prefix}{name}.", keep_vars)
        return destination

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> _IncompatibleKeys:
        """Copy `state_dict`'s values (Tensors, numpy arrays or PyTorch tensors) into the
        parameters and persistent buffers; returns `(missing_keys, unexpected_keys)`.

        Every key, shape and dtype kind is checked before anything changes: on any problem it
        raises RuntimeError listing them all and the model is untouched. With `strict=False`,
        missing and unexpected keys are returned instead of raised. The copy is an in-place
        write, so backward through a graph built before the load raises."""
        if not isinstance(state_dict, Mapping):
            raise TypeError(
                f"{type(self).__name__}.load_state_dict: expected a dict-like state_dict, got "
                f"{type(state_dict).__name__}"
            )
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        if strict and missing:
            errors.append(f"Missing key(s) in state_dict: {_quoted(missing)}. ")
        if strict and unexpected:
            errors.append(f"Unexpected key(s) in state_dict: {_quoted(unexpected)}. ")
        arrays = {}
        for key, target in own.items():
            if key in state_dict:
                array = _as_array(state_dict[key])
                problem = _mismatch(key, state_dict[key], array, target)
                if problem:
                    errors.append(problem)
                else:
                    arrays[key] = array
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        with no_grad():
            for key, array in arrays.items():
                own[key].copy_(array)
        return _IncompatibleKeys(missing, unexpected)

    # --- display -------------------------------------------------------------------------
    def __repr__(self) -> str:
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        lines += [f"({name}): {_indent(repr(m))}" for name, m in self._modules.items()]
        if len(lines) <= 1 and not self._modules:
            return f"{type(self).__name__}({''.join(lines)})"
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"

    def extra_repr(self) -> str:
        """The layer's settings, shown in its repr."""
        return ""

    # defined last: inside the class body these names shadow the builtins
    def float(self: _M) -> _M:
        """`to(np.float32)`."""
        return self.to(np.float32)

    def double(self: _M) -> _M:
        """`to(np.float64)`."""
        return self.to(np.float64)


# what each kind of registered value is kept in, must be, and is called in messages
_KINDS = {
    "parameter": ("_parameters", Parameter, "nn.Parameter"),
    "buffer": ("_buffers", Tensor, "Tensor"),
    "module": ("_modules", Module, "nn.Module"),
}


def _indent(text: str) -> str:
    """Indent every line after the first by two spaces (blank lines stay empty), as PyTorch."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(f"  {line}" if line.strip() else "" for line in rest)])


def _refuse_unregistered(module: Module, name: str, value: list | tuple | dict) -> None:
    """Raise if a plain list, tuple or dict holds Modules or Parameters: PyTorch would not
    register them, so parameters(), state_dict() and to() would silently miss them."""
    kind = _registrable_in(value)
    if kind is not None:
        container = f"nn.{kind}{'Dict' if isinstance(value, dict) else 'List'}"
        raise TypeError(
            f"{type(module).__name__}.{name}: a plain {type(value).__name__} holding {kind}s is "
            f"not registered, so parameters(), state_dict() and to() would not see them; use "
            f"{container}(...) instead"
        )


def _registrable_in(value: list | tuple | dict) -> str | None:
    """'Module' or 'Parameter' if `value` holds one, at any depth of lists, tuples and dicts."""
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, Module):
            return "Module"
        if isinstance(item, Parameter):
            return "Parameter"
        if isinstance(item, list | tuple | dict) and (found := _registrable_in(item)):
            return found
    return None


def _rename_tensors(module: Module, was: str, new: str) -> None:
    """Re-prefix the display names of `module`'s tensors from `was` to `new` where a name is
    unset or still says where the tensor sat (`0.weight` -> `features.0.weight`); other names,
    given by the user or by an earlier owner of a shared tensor, are kept."""
    for path, t in chain(module.named_parameters(), module.named_buffers()):
        old = was + path
        if t.name is None:
            t.name = new + path
        elif t.name == old or (was and t.name.endswith("." + old)):
            t.name = t.name[: len(t.name) - len(old)] + new + path


def _quoted(keys: Iterable[str]) -> str:
    return ", ".join(f'"{k}"' for k in keys)


def _as_array(value: Any) -> np.ndarray | None:
    """A checkpoint value as an array, duck-typed: our Tensors and PyTorch's (`.detach()` and
    `.numpy()`), numpy arrays and anything else with `__array__`; None for anything else."""
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        return np.asarray(value.detach().numpy())
    if hasattr(value, "__array__"):
        return np.asarray(value)
    return None


def _mismatch(key: str, value: Any, array: np.ndarray | None, target: Tensor) -> str | None:
    """Why `array` (from checkpoint `value`) cannot be copied into `target`, or None."""
    if array is None:
        return (
            f'While copying the parameter named "{key}", expected a Tensor, numpy array or '
            f"tensor-like object from checkpoint but received {type(value)}"
        )
    if array.shape != target.shape:
        return (
            f"size mismatch for {key}: copying a param with shape {array.shape} from checkpoint, "
            f"the shape in current model is {target.shape}."
        )
    have, want = (_DTYPE_KINDS.get(d.kind, str(d)) for d in (array.dtype, target.dtype))
    if have != want:
        return (
            f"dtype mismatch for {key}: copying a {have} param ({array.dtype}) from checkpoint, "
            f"the param in current model is {want} ({target.dtype})."
        )
    return None
