"""`Optimizer`: the base of every update rule. It holds `param_groups` (parameters with their
settings) and per-parameter `state`, zeroes grads, saves and loads its state in PyTorch's format,
and runs `step`: every gradient is checked before any parameter changes."""

from __future__ import annotations

import copy
import numbers
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, no_grad, zero_grad
from nn import Parameter

ParamGroup = dict[str, Any]
ParamsT = Iterable[Tensor] | Iterable[ParamGroup]


_NO_GRAD = no_grad()  # made once: every step enters it (it nests, so sharing it is safe)


class _Required:
    """The default of a setting that every param group must give itself."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _Required()


class Optimizer:
    """Parameters in groups with their settings, and per-parameter state.

    A subclass passes its `defaults` (settings a group does not give), may extend
    `_check_settings`, names in `_buffers` the state entries shaped like their parameter (checked
    before a step), and defines `_update_group(group, params_and_grads)`.
    """

    _buffers: tuple[str, ...] = ()

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        self.defaults = dict(defaults)
        self._check_settings(
            {k: v for k, v in self.defaults.items() if v is not required}, self._name
        )
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[ParamGroup] = []
        for group in self._groups(params):
            self.add_param_group(group)

    @property
    def _name(self) -> str:
        return type(self).__name__

    def _groups(self, params: ParamsT) -> list[ParamGroup]:
        """`params` as a list of groups: one group when it holds Tensors."""
        if isinstance(params, Tensor) or not isinstance(params, Iterable):
            raise TypeError(
                f"{self._name}: params must be an iterable of Tensors or of dicts, got "
                f"{type(params).__name__}"
            )
        items = list(params)
        if not items:
            raise ValueError(f"{self._name}: got an empty parameter list")
        if all(isinstance(item, dict) for item in items):
            return items
        return [{"params": items}]

    # --- param groups ----------------------------------------------------------------------
    def add_param_group(self, param_group: ParamGroup) -> None:
        """Add a group of parameters with its own settings (missing ones from `defaults`)."""
        where = f"{self._name}: param group {len(self.param_groups)}"
        if not isinstance(param_group, dict):
            raise TypeError(f"{where} must be a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise KeyError(f"{where} has no 'params'")
        params = self._param_list(param_group["params"], where)
        group = self._with_defaults({**param_group, "params": params}, where)
        self._check_settings(group, where)
        self._check_not_in_other_groups(params, where)
        self.param_groups.append(group)

    def _with_defaults(self, group: ParamGroup, where: str) -> ParamGroup:
        """`group` with every setting it does not give taken from `defaults`."""
        for key, default in self.defaults.items():
            if key not in group:
                if default is required:
                    raise ValueError(f"{where} does not set {key!r}, which has no default")
                group[key] = default
        return group

    def _param_list(self, params: Any, where: str) -> list[Tensor]:
        """A group's parameters as a list of distinct leaf Tensors."""
        if isinstance(params, Tensor):
            return [params]
        if isinstance(params, set | frozenset) or not isinstance(params, Iterable):
            raise TypeError(
                f"{where}: 'params' must be a Tensor or an ordered iterable of Tensors (a set's "
                f"order changes between runs), got {type(params).__name__}"
            )
        params = list(params)
        seen: dict[int, int] = {}
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{where}: parameter {i} is a {type(p).__name__}, not a Tensor")
            if not p.is_leaf:
                raise ValueError(
                    f"{where}: parameter {i} (shape {p.shape}) is not a leaf: it was made by "
                    f"{p.grad_fn.name}; optimize the leaf tensors it was computed from"
                )
            _check_real(p, f"{where}: parameter {i}")
            if not p.requires_grad and not isinstance(p, Parameter):  # a frozen Parameter is fine
                raise ValueError(
                    f"{where}: parameter {i} (shape {p.shape}) does not require grad, so no "
                    "backward would ever give it a gradient; create it with requires_grad=True"
                )
            if id(p) in seen:
                raise ValueError(
                    f"{where}: parameter {i} (shape {p.shape}) is the same tensor as "
                    f"parameter {seen[id(p)]}"
                )
            seen[id(p)] = i
        return params

    def _check_not_in_other_groups(self, params: list[Tensor], where: str) -> None:
        """Raise ValueError if one of `params` already belongs to a group."""
        owner = {id(p): i for i, g in enumerate(self.param_groups) for p in g["params"]}
        for i, p in enumerate(params):
            if id(p) in owner:
                raise ValueError(
                    f"{where}: parameter {i} (shape {p.shape}) is already in param group "
                    f"{owner[id(p)]}"
                )

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """Raise ValueError for a setting out of range (subclasses check their own too)."""
        if "lr" in settings:
            self._check_non_negative(settings, "lr", where)

    @staticmethod
    def _check_non_negative(settings: dict[str, Any], key: str, where: str) -> None:
        """Raise TypeError unless `settings[key]` is a real number, ValueError unless it is >= 0
        (so NaN is refused too)."""
        value = settings[key]
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(
                f"{where}: {key} must be a number, got {type(value).__name__} {value!r}"
            )
        if not value >= 0:
            raise ValueError(f"{where}: {key} must be >= 0, got {settings[key]!r}")

    @classmethod
    def _check_fraction(cls, settings: dict[str, Any], key: str, where: str) -> None:
        """As `_check_non_negative`, and ValueError unless `settings[key]` is < 1 (a decay rate:
        at 1 or above, what it weighs never fades, or grows)."""
        cls._check_non_negative(settings, key, where)
        if not settings[key] < 1:
            raise ValueError(f"{where}: {key} must be in [0, 1), got {settings[key]!r}")

    @classmethod
    def _check_positive(cls, settings: dict[str, Any], key: str, where: str) -> None:
        """As `_check_non_negative`, and ValueError if `settings[key]` is 0 (a divisor's guard)."""
        cls._check_non_negative(settings, key, where)
        if not settings[key] > 0:
            raise ValueError(f"{where}: {key} must be > 0, got {settings[key]!r}")

    # --- gradients and steps ---------------------------------------------------------------
    def _params(self) -> Iterator[Tensor]:
        """Every parameter, group by group."""
        return (p for group in self.param_groups for p in group["params"])

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient: None (PyTorch's default), or zeros in place."""
        for group in self.param_groups:
            zero_grad(group["params"], set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; `closure` re-evaluates the loss first."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        # every group is checked before any is updated: a failing step changes nothing
        work = [(g, self._params_and_grads(g, i)) for i, g in enumerate(self.param_groups)]
        with _NO_GRAD:
            for group, params_and_grads in work:
                self._update_group(group, params_and_grads)
        return loss

    def _params_and_grads(self, group: ParamGroup, index: int) -> list[tuple[Tensor, np.ndarray]]:
        """The group's parameters that have a gradient, with it; raises if one, or its state,
        does not fit."""
        out = []
        for p in group["params"]:
            g = p._grad  # (read past the properties: every step pays this per parameter)
            if g is not None:
                data = p._data
                if (
                    not isinstance(g, Tensor)
                    or g._data.shape != data.shape
                    or data.dtype.kind != "f"
                ):
                    self._bad_param(group, index, p)
                state = self.state.get(p)
                if state:
                    self._check_buffers(p, state, index)
                out.append((p, g.data))
        return out

    def _check_buffers(self, p: Tensor, state: dict[str, Any], index: int) -> None:
        """Raise RuntimeError if a state entry named in `_buffers` is not shaped like p."""
        for key in self._buffers:
            b = state.get(key)
            if b is not None and b.shape != p.shape:
                raise RuntimeError(
                    f"{self._name}: param group {index}: a parameter of shape {p.shape} has a "
                    f"{key!r} of shape {b.shape}"
                )

    def _bad_param(self, group: ParamGroup, index: int, p: Tensor) -> None:
        """Raise TypeError for a parameter that is not floating, RuntimeError for one whose .grad
        cannot update it."""
        i = next(i for i, q in enumerate(group["params"]) if q is p)
        where = f"{self._name}: param group {index}, parameter {i}"
        _check_real(p, where)
        what = f"shape {p.grad.shape}" if isinstance(p.grad, Tensor) else type(p.grad).__name__
        raise RuntimeError(f"{where} has shape {p.shape} but its .grad is {what}")

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """Apply the update rule to one group's parameters (under no_grad)."""
        raise NotImplementedError(f"{self._name} does not define an update rule")

    # --- saving and loading ----------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """A copy of the state in PyTorch's format: parameters replaced by their index."""
        index = {id(p): i for i, p in enumerate(self._params())}
        groups = [
            {**_settings(g), "params": [index[id(p)] for p in g["params"]]}
            for g in self.param_groups
        ]
        state = {index[id(p)]: _copy_state(s) for p, s in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take over settings and state saved by `state_dict`; checks all before changing any."""
        where = f"{self._name}: load_state_dict"
        if not isinstance(state_dict, dict) or not {"state", "param_groups"} <= state_dict.keys():
            raise KeyError(f"{where}: expected a dict with 'state' and 'param_groups'")
        saved = state_dict["param_groups"]
        if len(saved) != len(self.param_groups):
            raise ValueError(
                f"{where}: the state dict has {len(saved)} param groups, this optimizer has "
                f"{len(self.param_groups)}"
            )
        groups = [
            self._loaded_group(s, g, f"{where}: param group {i}")
            for i, (s, g) in enumerate(zip(saved, self.param_groups, strict=True))
        ]
        state = self._loaded_state(state_dict["state"], saved, where)
        self.param_groups, self.state = groups, state

    def _loaded_group(self, saved: ParamGroup, group: ParamGroup, where: str) -> ParamGroup:
        """A saved group's settings (a deep copy, checked) with the current group's parameters."""
        if len(saved["params"]) != len(group["params"]):
            raise ValueError(
                f"{where} has {len(saved['params'])} parameters in the state dict, "
                f"{len(group['params'])} in this optimizer"
            )
        loaded = self._with_defaults({**_settings(saved), "params": group["params"]}, where)
        self._check_settings(loaded, where)
        return loaded

    def _loaded_state(
        self, saved_state: dict[Any, dict[str, Any]], saved_groups: list[ParamGroup], where: str
    ) -> defaultdict[Tensor, dict[str, Any]]:
        """Saved per-parameter state keyed by the current parameters (matched by position)."""
        indices = [i for g in saved_groups for i in g["params"]]
        if len(set(indices)) != len(indices):
            raise ValueError(f"{where}: a parameter index appears twice in 'param_groups'")
        params = dict(zip(indices, self._params(), strict=True))
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        for i, saved in saved_state.items():
            if i not in params:
                raise ValueError(f"{where}: 'state' has an entry {i!r} that no param group lists")
            state[params[i]] = _copy_state(saved, params[i].dtype)
        return state

    def __repr__(self) -> str:
        text = f"{self._name} ("
        for i, group in enumerate(self.param_groups):
            settings = "".join(f"    {k}: {group[k]}\n" for k in sorted(group) if k != "params")
            text += f"\nParameter Group {i}\n{settings}"
        return text + ")"


def _settings(group: ParamGroup) -> dict[str, Any]:
    """A deep copy of a group's settings: everything but its parameters."""
    return copy.deepcopy({k: v for k, v in group.items() if k != "params"})


def _check_real(p: Tensor, where: str) -> None:
    """Raise TypeError for a parameter whose data is not floating (complex, set through .data)."""
    if p.data.dtype.kind != "f":
        raise TypeError(
            f"{where} has dtype {p.data.dtype}: optimizers update floating parameters only "
            "(glassgrad has no complex tensors)"
        )


def _copy_state(state: dict[str, Any], dtype: np.dtype | None = None) -> dict[str, Any]:
    """A deep copy of one parameter's state; floating arrays cast to `dtype` when given, except
    the step count, which PyTorch keeps in its own dtype."""
    return {
        key: _copy_value(value, None if key == "step" else dtype) for key, value in state.items()
    }


def _copy_value(value: Any, dtype: np.dtype | None) -> Any:
    if isinstance(value, Tensor):
        return Tensor(_copy_value(value.data, dtype))
    if isinstance(value, np.ndarray):
        return value.astype(dtype if dtype is not None and value.dtype.kind == "f" else value.dtype)
    if isinstance(value, list | tuple):
        return type(value)(_copy_value(v, dtype) for v in value)
    return copy.deepcopy(value)
