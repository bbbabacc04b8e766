"""nn.summary: every module call in order and depth, each output shape and parameter count as
the layers define them, totals that count a shared parameter once, and no hook left behind."""

import autograd as ag
import nn


def test_summary_lists_each_call_with_its_output_shape_and_parameters():
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Sequential(nn.Linear(288, 4), nn.Tanh())
    )
    model[3][0].weight.requires_grad_(False)
    table = nn.summary(model, ag.ones(2, 1, 8, 8))
    rows = [(r.name, r.depth, r.kind, r.shape, r.params) for r in table.rows]
    assert rows == [
        ("", 0, "Sequential", (2, 4), 8 * 9 + 8 + 288 * 4 + 4),
        ("0", 1, "Conv2d", (2, 8, 6, 6), 80),
        ("1", 1, "ReLU", (2, 8, 6, 6), 0),
        ("2", 1, "Flatten", (2, 288), 0),
        ("3", 1, "Sequential", (2, 4), 288 * 4 + 4),
        ("3.0", 2, "Linear", (2, 4), 288 * 4 + 4),
        ("3.1", 2, "Tanh", (2, 4), 0),
    ]
    assert (table.total, table.trainable) == (80 + 1156, 80 + 4)
    assert "  3.0 Linear" in str(table) and "parameters: 1,236 (84 trainable)" in str(table)
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())


def test_a_module_called_twice_is_listed_twice_and_shared_weights_counted_once():
    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(3, 3)

        def forward(self, x):
            return self.layer(self.layer(x))

    table = nn.summary(Twice(), ag.ones(1, 3))
    assert [r.name for r in table.rows] == ["", "layer", "layer"] and table.total == 12
