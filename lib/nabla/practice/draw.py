"""Small random data for questions worked by hand: integers, and polynomials with them."""

from nabla.practice.text import Polynomial


def integers(rng, n, low, high, *, zero=False):
    """``n`` integers in [low, high] as floats, shape (n,); no zeros unless ``zero``."""
    values = [v for v in range(low, high + 1) if zero or v]
    return rng.choice(values, n).astype(float)


def polynomial(rng, shapes, *, low=-4, high=4):
    """A polynomial with the exponents of one of ``shapes`` (each a tuple of (p, q), one per
    term) and non-zero integer coefficients in [low, high]."""
    powers = shapes[rng.integers(len(shapes))]
    coefs = integers(rng, len(powers), low, high)
    return Polynomial([(c, p, q) for c, (p, q) in zip(coefs, powers, strict=True)])


def pick(rng, options):
    """One of ``options``, chosen at random."""
    return options[rng.integers(len(options))]
