"""Containers: modules in order (`Sequential`, `ModuleList`) or by key (`ModuleDict`), and
parameters in a list or by key (`ParameterList`, `ParameterDict`), all registered."""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, SupportsIndex, TypeVar

import numpy as np

from autograd import Tensor

from .module import Module
from .parameter import Parameter

_S = TypeVar("_S", bound="_ModuleSequence")
_P = TypeVar("_P", bound="ParameterList")


def _position(owner: Module, idx: SupportsIndex, size: int) -> int:
    """`idx` (negative counts from the end) as a position in 0..size-1, or IndexError."""
    i = operator.index(idx)
    if not -size <= i < size:
        raise IndexError(f"{type(owner).__name__}: index {i} is out of range for length {size}")
    return i % size


class _ModuleSequence(Module):
    """Children in order, found by position: what Sequential and ModuleList share. Inserting
    or deleting renumbers the keys 0, 1, ... (even a named Sequential's, as PyTorch's del)."""

    def _key(self, idx: SupportsIndex) -> str:
        return list(self._modules)[_position(self, idx, len(self))]

    def _sliced(self: _S, items: list[tuple[str, Module]]) -> _S:
        """A new container holding `items`, a slice of this one."""
        raise NotImplementedError

    def __getitem__(self, idx: SupportsIndex | slice) -> Any:
        if isinstance(idx, slice):
            return self._sliced(list(self._modules.items())[idx])
        return self._modules[self._key(idx)]

    def __setitem__(self, idx: SupportsIndex, module: Module) -> None:
        setattr(self, self._key(idx), module)

    def __delitem__(self, idx: SupportsIndex | slice) -> None:
        n = len(self)
        gone = set(range(n)[idx]) if isinstance(idx, slice) else {_position(self, idx, n)}
        self._renumber([kv for i, kv in enumerate(self._modules.items()) if i not in gone])

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self: _S, module: Module) -> _S:
        """Add `module` at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self: _S, modules: Iterable[Module]) -> _S:
        """Append each of `modules` (all checked first); returns self."""
        modules = list(modules)
        for i, m in enumerate(modules):
            self._check_value("module", str(len(self) + i), m)
        for m in modules:
            self.append(m)
        return self

    def __iadd__(self: _S, modules: Iterable[Module]) -> _S:
        return self.extend(modules)

    def insert(self: _S, index: int, module: Module) -> _S:
        """Put `module` before position `index` (negative counts from the end); returns self."""
        n = len(self)
        if not -n <= index <= n:
            raise IndexError(
                f"{type(self).__name__}.insert: index {index} is out of range for length {n}"
            )
        self._check_value("module", str(index), module)
        items: list[tuple[str | None, Module]] = list(self._modules.items())
        items.insert(index, (None, module))
        self._renumber(items)
        return self

    def pop(self, idx: SupportsIndex) -> Module:
        """Remove the module at `idx` and return it."""
        module = self[idx]
        del self[idx]
        return module

    def _renumber(self, items: list[tuple[str | None, Module]]) -> None:
        """Hold `items` ((old key or None if new, module)) under keys 0, 1, ... in order; their
        tensors' display names follow (`1.weight` -> `2.weight`)."""
        for key in list(self._modules):
            self._discard(key)
        for i, (old, module) in enumerate(items):
            self._put(self._modules, str(i), module, was="" if old is None else old + ".")


class Sequential(_ModuleSequence):
    """Applies its modules in order: `Sequential(a, b)(x) == b(a(x))`. Built from modules
    (keys 0, 1, ...) or from one OrderedDict of name -> module."""

    def __init__(self, *args: Module | OrderedDict[str, Module]) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, module in args[0].items():
                self.add_module(key, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def _sliced(self, items: list[tuple[str, Module]]) -> Sequential:
        return type(self)(OrderedDict(items))  # keeps the keys, as PyTorch

    def forward(self, x: Any) -> Any:
        for module in self:
            x = module(x)
        return x


class ModuleList(_ModuleSequence):
    """A list of registered modules (keys 0, 1, ...); it has no forward of its own."""

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _sliced(self, items: list[tuple[str, Module]]) -> ModuleList:
        return type(self)(m for _, m in items)  # renumbered, as PyTorch


class _Removable:
    """`pop` and `clear` for the dict-like containers, in terms of their `[]`, `del` and keys."""

    def pop(self, key: str) -> Any:
        """Remove `key` and return its value."""
        value = self[key]
        del self[key]
        return value

    def clear(self) -> None:
        """Remove every entry."""
        for key in list(self.keys()):
            del self[key]


class ModuleDict(_Removable, Module):
    """A dict of registered modules, in insertion order; it has no forward of its own."""

    def __init__(
        self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]] | None = None
    ) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        if key not in self._modules:
            raise KeyError(key)
        self._discard(key)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: object) -> bool:
        return key in self._modules

    def keys(self) -> Iterable[str]:
        """The keys, in order."""
        return self._modules.keys()

    def values(self) -> Iterable[Module]:
        """The modules, in order."""
        return self._modules.values()

    def items(self) -> Iterable[tuple[str, Module]]:
        """(key, module) pairs, in order."""
        return self._modules.items()

    def update(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]]) -> None:
        """Add or replace entries from a mapping or (key, module) pairs (all checked first)."""
        pairs = list(modules.items() if isinstance(modules, Mapping | ModuleDict) else modules)
        for key, module in pairs:
            self._check_name("module", key, clash=True)
            self._check_value("module", key, module)
        for key, module in pairs:
            self[key] = module


def _as_parameter(value: Any) -> Any:
    """Tensors and arrays become Parameters (sharing memory), as PyTorch's containers do."""
    if isinstance(value, Tensor | np.ndarray) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _describe(items: Iterable[tuple[Any, Any]]) -> str:
    """One line per entry, as PyTorch's ParameterList and ParameterDict show them."""

    def entry(v: Any) -> str:
        if not isinstance(v, Tensor):
            return f"Object of type: {type(v).__name__}"
        kind = "Parameter" if isinstance(v, Parameter) else "Tensor"
        return f"{kind} containing: [{v.dtype} of size {'x'.join(map(str, v.shape))}]"

    return "\n".join(f"({k}): {entry(v)}" for k, v in items)


class ParameterList(Module):
    """A list of registered parameters (keys 0, 1, ...); tensors put in become Parameters."""

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        self._size = 0
        if values is not None:
            self.extend(values)

    def __getitem__(self, idx: SupportsIndex | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(self[i] for i in range(len(self))[idx])
        return getattr(self, str(_position(self, idx, len(self))))

    def __setitem__(self, idx: SupportsIndex, value: Any) -> None:
        setattr(self, str(_position(self, idx, len(self))), _as_parameter(value))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self)))

    def append(self: _P, value: Any) -> _P:
        """Add `value` at the end; returns self."""
        setattr(self, str(len(self)), _as_parameter(value))
        self._size += 1
        return self

    def extend(self: _P, values: Iterable[Any]) -> _P:
        """Append each of `values` (all converted first); returns self."""
        if isinstance(values, Tensor) or not isinstance(values, Iterable):
            raise TypeError(
                f"ParameterList.extend: expected an iterable of parameters, got "
                f"{type(values).__name__}"
            )
        for value in [_as_parameter(v) for v in values]:
            self.append(value)
        return self

    def __iadd__(self: _P, values: Iterable[Any]) -> _P:
        return self.extend(values)

    def extra_repr(self) -> str:
        return _describe(enumerate(self))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(_Removable, Module):
    """A dict of registered parameters, in insertion order (a plain dict's keys sorted, as
    PyTorch); tensors put in become Parameters."""

    def __init__(self, parameters: Any = None) -> None:
        super().__init__()
        self._keys: dict[str, None] = {}
        if parameters is not None:
            self.update(parameters)

    def _check_key(self, key: Any) -> None:
        self._check_name("parameter", key)
        if key not in self._keys and hasattr(self, key):
            raise KeyError(f"ParameterDict: key {key!r} would replace the attribute of that name")

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys:
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._check_key(key)
        setattr(self, key, _as_parameter(value))
        self._keys[key] = None

    def __delitem__(self, key: str) -> None:
        if key not in self._keys:
            raise KeyError(key)
        delattr(self, key)
        del self._keys[key]

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def keys(self) -> Iterable[str]:
        """The keys, in order."""
        return self._keys.keys()

    def values(self) -> Iterator[Any]:
        """The parameters, in order."""
        return (self[k] for k in self._keys)

    def items(self) -> Iterator[tuple[str, Any]]:
        """(key, parameter) pairs, in order."""
        return ((k, self[k]) for k in self._keys)

    def get(self, key: str, default: Any = None) -> Any:
        """The parameter at `key`, or `default`."""
        return getattr(self, key) if key in self._keys else default

    def update(self, parameters: Any) -> None:
        """Add or replace entries from a mapping or (key, value) pairs (all checked first)."""
        if isinstance(parameters, OrderedDict | ParameterDict):
            pairs = list(parameters.items())
        elif isinstance(parameters, Mapping):
            pairs = sorted(parameters.items())  # PyTorch sorts a plain dict's keys
        else:
            pairs = list(parameters)
        pairs = [(key, _as_parameter(value)) for key, value in pairs]
        for key, _ in pairs:
            self._check_key(key)
        for key, value in pairs:
            self[key] = value

    def extra_repr(self) -> str:
        return _describe(self.items())

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("ParameterDict should not be called.")
