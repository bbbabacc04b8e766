"""`make bench`: every benchmark, printed as ratios."""

from . import chain, conv, loader, lstm, mlp, norm, optim, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()
    conv.main()
    lstm.main()
    norm.main()
    optim.main()
    loader.main()


if __name__ == "__main__":
    main()
