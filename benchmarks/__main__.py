"""`make bench`: every benchmark, printed as ratios."""

from . import chain, lstm, mlp, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()
    lstm.main()


if __name__ == "__main__":
    main()
