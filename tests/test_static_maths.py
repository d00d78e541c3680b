"""The MathML that static_maths writes beside each formula's SVG, for screen readers."""

import re
import xml.etree.ElementTree as ET

import pytest

from .test_page_speed import FORMULAS, typesetter  # noqa: F401 (a fixture)

MML = "{http://www.w3.org/1998/Math/MathML}"


def _mathml(html):
    return ET.fromstring(re.search(r"<math\b.*</math>", html, re.S)[0])


@pytest.mark.parametrize(("tex", "display"), FORMULAS)
def test_the_mathml_is_valid_and_keeps_its_attributes(typesetter, tex, display):  # noqa: F811
    math = _mathml(typesetter(tex, display))
    assert math.tag == f"{MML}math"
    assert math.get("display") == ("block" if display else None)
    values = [v for node in math.iter() for v in node.attrib.values()]
    assert "undefined" not in values


def test_the_mathml_says_what_the_tex_says(typesetter):  # noqa: F811
    math = _mathml(typesetter(r"\hat{w} = \mathbf{X}^\top y", False))
    hat = next(mo for mo in math.iter(f"{MML}mo") if mo.text == "^")
    assert hat.get("stretchy") == "false"  # an accent drawn at its own size
    bold = next(mi for mi in math.iter(f"{MML}mi") if mi.text == "X")
    assert bold.get("mathvariant") == "bold"
    assert [n.text for n in math.iter() if n.text] == ["w", "^", "=", "X", "\u22a4", "y"]
