"""`make bench`: every benchmark, printed as ratios."""

from . import chain, mlp, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()


if __name__ == "__main__":
    main()
