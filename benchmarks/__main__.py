"""`make bench`: every benchmark, printed as ratios."""

from . import chain, lstm, mlp, norm, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()
    lstm.main()
    norm.main()


if __name__ == "__main__":
    main()
