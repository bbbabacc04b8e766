"""Stop early if `import autograd` found another package of that name (HIPS autograd)."""

import autograd

if getattr(autograd, "__distribution__", None) != "glassgrad":
    raise ImportError(
        "glassgrad's nn and optim need glassgrad's `autograd`, but `import autograd` found "
        f"another package at {getattr(autograd, '__file__', None)} (HIPS autograd has the same "
        "import name). The two cannot share an environment: uninstall the other one (pip "
        "uninstall autograd) or use a separate virtual environment for glassgrad."
    )
