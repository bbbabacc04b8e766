"""`make bench`: every benchmark, printed as ratios."""

from . import chain, conv, mlp, scalar


def main() -> None:
    mlp.main()
    chain.main()
    scalar.main()
    conv.main()


if __name__ == "__main__":
    main()
