"""nabla: partial derivatives, gradients and gradient descent, computed and checked.

The numerical core of the Nabla course. Functions take a point ``x`` of shape
(n,) and return floats or arrays of shape (n,); see each module for one concept.
"""

from nabla.checking import GradientCheck, check_gradient
from nabla.descent import DescentResult, gradient_descent
from nabla.directional import (
    angle_between,
    direction_at_angle,
    directional_derivative,
    steepest_descent_direction,
    unit_vector,
)
from nabla.least_squares import (
    least_squares_gradient,
    least_squares_loss,
    normal_equations,
    residual,
)
from nabla.level_sets import (
    ContourSpacing,
    contour_spacing,
    level_curve,
    project_to_level,
    tangent,
    tangent_basis,
)
from nabla.partials import default_step, gradient, partial
from nabla.quadratic import QuadraticSpectrum, quadratic_spectrum

__all__ = [
    "ContourSpacing",
    "DescentResult",
    "GradientCheck",
    "QuadraticSpectrum",
    "angle_between",
    "check_gradient",
    "contour_spacing",
    "default_step",
    "direction_at_angle",
    "directional_derivative",
    "gradient",
    "gradient_descent",
    "least_squares_gradient",
    "least_squares_loss",
    "level_curve",
    "normal_equations",
    "partial",
    "project_to_level",
    "quadratic_spectrum",
    "residual",
    "steepest_descent_direction",
    "tangent",
    "tangent_basis",
    "unit_vector",
]
