"""`make bench`: every benchmark, printed as ratios."""

from . import chain, conv, epoch, loader, lstm, mlp, norm, optim, scalar, timing


def main() -> None:
    print(timing.method())
    mlp.main()
    chain.main()
    scalar.main()
    conv.main()
    lstm.main()
    norm.main()
    optim.main()
    loader.main()
    epoch.main()


if __name__ == "__main__":
    main()
