"""No traceback from deep inside: every op, given what is not a tensor, says which op and what
it got; table-driven over every public op, so a new op is covered as soon as it is exported."""

import inspect

import numpy as np
import pytest

import autograd
from autograd.ops import __all__ as EXPORTED

OPS = [name for name in EXPORTED if inspect.isfunction(getattr(autograd, name))]

SEQUENCE_FIRST = {"cat", "stack"}  # take a list of tensors first
BAD = ["abc", None, {"a": 1}, object()]


def named(name, error):
    """Whether the message names the op, by its name or, for an alias (swapaxes), the op's."""
    return name in str(error) or getattr(autograd, name).__name__ in str(error)


def call_with(name, bad):
    """The op called with `bad` where its (first) tensor goes."""
    op = getattr(autograd, name)
    if name in SEQUENCE_FIRST:
        return op([autograd.ones(2), bad])
    if name == "einsum":
        return op("i->i", bad)
    return op(bad)


@pytest.mark.parametrize("name", sorted(OPS))
@pytest.mark.parametrize("bad", BAD, ids=lambda b: type(b).__name__)
def test_every_op_names_itself_and_what_it_got(name, bad):
    with pytest.raises((TypeError, ValueError)) as err:  # ValueError: clip's bounds checked first
        call_with(name, bad)
    assert named(name, err.value), f"{name}({bad!r}) raised: {err.value}"


def takes_a_second_operand(name):
    params = list(inspect.signature(getattr(autograd, name)).parameters.values())
    return len(params) > 1 and params[1].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize(
    "name", sorted(n for n in OPS if n not in SEQUENCE_FIRST and takes_a_second_operand(n))
)
def test_a_second_operand_that_is_not_numeric_is_named_too(name):
    with pytest.raises((TypeError, ValueError)) as err:
        getattr(autograd, name)(autograd.ones(2, 2), "abc")
    assert named(name, err.value), f"{name}(x, 'abc') raised: {err.value}"


def test_a_numpy_array_of_strings_is_refused_by_name():
    with pytest.raises(TypeError, match=r"add: dtype <U1 is not supported"):
        autograd.ones(2) + np.array(["a", "b"])
