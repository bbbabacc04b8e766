"""`make bench`: every benchmark, printed as ratios."""

from . import chain, conv, lstm, mlp, norm, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()
    conv.main()
    lstm.main()
    norm.main()


if __name__ == "__main__":
    main()
