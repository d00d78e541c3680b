"""The graded hints as a reader working by hand reads them.

A graded hint may speak to code (``np.linalg.norm``, ``for t in range(n_iter)``, "return
the n results as one array"); the page asks for numbers worked on paper. :func:`by_hand`
gives the practice question the same mistake with its hint said for paper, found by a
phrase only the code wording has.
"""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

BY_HAND = {
    "(a copy of x with h added to coordinate i only)": (
        "add h to the coordinate asked for only, evaluate f there and at the point itself, "
        "subtract, and divide by h."
    ),
    "(it steps both ways, to x + h e_i and x - h e_i)": (
        "that is the central difference (it steps both ways, by +h and by −h); the forward "
        "difference steps one way only, by +h."
    ),
    "add h to coordinate i only (x + h e_i)": (
        "you moved both coordinates; add h to the one asked for only."
    ),
    "and return the n results as one array": (
        "evaluate f with the coordinate asked for moved by +h and by −h, subtract, and divide "
        "by 2h."
    ),
    "x + h e_i and x - h e_i lie 2h apart": (
        "missing factor 2: the two points lie 2h apart, so divide by 2h."
    ),
    "the central one steps both ways, to x + h e_i": (
        "that is the forward difference; the central one steps both ways, by +h and by −h."
    ),
    "subtract f(x - h e_i) from f(x + h e_i)": (
        "check the sign: subtract f at the point moved by −h from f at the point moved by +h."
    ),
    "and you returned its negative": (
        "check the sign: the gradient points uphill, and you gave its negative."
    ),
    "divide the vector by its norm (np.linalg.norm)": (
        "your direction is not normalised: a direction u must have length 1, so divide the "
        "vector by its length."
    ),
    "D_u f = ||grad f|| cos(theta)": (
        "the rate along a unit vector u is ‖∇f‖ cos θ: which angle θ makes it smallest?"
    ),
    "then return half the sum of its squares": (
        "compute the residual r = Xw − y, then take half the sum of its squares."
    ),
    "(shape (m,)) and return X^T r": (
        "compute the residual r = Xw − y, one entry per data point; the gradient is Xᵀ r, each "
        "column of X dotted with r."
    ),
    "transposed X: the residual Xw - y has one entry per example (shape (m,))": (
        "transposed X: the residual Xw − y has one entry per data point, and Xᵀ turns it into "
        "one entry per weight. Check where you need X and where Xᵀ."
    ),
    "count that you take exactly n_iter of them": (
        "each step moves x against the gradient at the current x, scaled by lr: take the "
        "second step from where the first one ended."
    ),
    "the update is x - lr * grad_f(x)": (
        "ascent instead of descent (a sign error): a step moves x to x − lr ∇f(x)."
    ),
    "you took one step too few": "you took one step too few: take both steps, the second from "
    "where the first one ended.",
    "you took one step too many": "you took one step too many: stop after the second step.",
    "assign the update back to x inside the loop": (
        "that is where you started: each step moves x to x − lr ∇f(x), and the second starts "
        "where the first ended."
    ),
}
"""A phrase found only in a graded hint's code wording -> the hint for a reader working by
hand."""


def by_hand(hint):
    """``hint`` as the page shows it: its wording for hand work if it speaks to code.

    Examples
    --------
    >>> by_hand("check the sign.")
    'check the sign.'
    >>> by_hand("off-by-one: (for t in range(n_iter)); you took one step too many.")
    'you took one step too many: stop after the second step.'
    """
    found = [text for phrase, text in BY_HAND.items() if phrase in hint]
    if len(found) > 1:
        raise LookupError(f"{len(found)} phrases of BY_HAND are in the hint {hint!r}")
    return found[0] if found else hint
