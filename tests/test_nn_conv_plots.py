"""nn.plot_filters and nn.plot_feature_maps: one panel per kernel or output channel, each
showing exactly the layer's weights or its output on the image."""

import numpy as np
import pytest

import autograd as ag
import nn

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def shown(ax):
    return np.asarray(ax.images[0].get_array())


def test_filters_one_panel_per_kernel_showing_the_weights():
    ag.manual_seed(0)
    conv = nn.Conv2d(2, 3, kernel_size=(3, 2))
    axes = nn.plot_filters(conv)
    assert len(axes) == 6
    for k, ax in enumerate(axes):
        o, c = divmod(k, 2)
        np.testing.assert_array_equal(shown(ax), conv.weight.data[o, c])
    assert axes[3].get_title() == "filter 1, in 1"
    assert [a.get_title() for a in nn.plot_filters(nn.Conv2d(1, 2, 3))] == ["filter 0", "filter 1"]


def test_feature_maps_one_panel_per_channel_showing_the_output():
    ag.manual_seed(0)
    conv = nn.Conv2d(1, 5, 3, padding=1)
    image = ag.rand(1, 8, 8)
    axes = nn.plot_feature_maps(conv, image)
    assert len(axes) == 5
    out = conv(image.reshape(1, 1, 8, 8)).data[0]
    for k, ax in enumerate(axes):
        np.testing.assert_allclose(shown(ax), out[k])


def test_feature_maps_of_a_conv_and_its_relu_and_a_numpy_batch_of_one():
    ag.manual_seed(0)
    block = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
    image = np.random.default_rng(0).random((1, 1, 6, 6), dtype=np.float32)
    axes = nn.plot_feature_maps(block, image)
    assert len(axes) == 4
    out = block(ag.tensor(image)).data[0]
    for k, ax in enumerate(axes):
        np.testing.assert_allclose(shown(ax), out[k])
        assert shown(ax).shape == (4, 4)


def test_the_axes_given_are_used_and_too_few_raise():
    conv = nn.Conv2d(1, 4, 3)
    fig, grid = plt.subplots(2, 2)
    assert list(nn.plot_filters(conv, grid)) == list(grid.flat)
    with pytest.raises(ValueError, match="4 panels to draw but 3 axes given"):
        nn.plot_feature_maps(conv, ag.rand(1, 5, 5), plt.subplots(1, 3)[1])
    with pytest.raises(ValueError, match="one image"):
        nn.plot_feature_maps(conv, ag.rand(2, 1, 5, 5))


def test_a_new_grid_hides_the_panels_it_does_not_need():
    axes = nn.plot_filters(nn.Conv2d(1, 10, 3))  # 8 a row: two rows, six spare panels hidden
    figure_axes = axes[0].figure.axes
    assert len(axes) == 10 and len(figure_axes) == 16
    assert sum(a.get_visible() for a in figure_axes) == 10
