"""The practice block of a chapter page: its questions as HTML, their variants as JSON.

The page's script (``_ext/practice_static/practice.js``) reads the JSON and only
compares numbers. Per question it holds the prompt and solution templates
(``{0}``, ``{1}``, ... stand for a variant's text fields), the hints, the tolerance,
and per variant ``[fields, right answers, [[wrong answer, hint index], ...]]``.
The first variant is also written into the HTML, so the page prints it and reads
without scripts.
"""

# Text shown to readers writes minus and times as the typographic − and ×.
# ruff: noqa: RUF001

import html
import json
import re

import numpy as np

from nabla.practice import PRACTICE
from nabla.practice.posing import N_VARIANTS, variants

FIELD = re.compile(r"\{(\w+)\}")


def _compact(value):
    """A number or vector for JSON: 9 significant digits, whole numbers without ``.0``."""
    value = np.asarray(value, dtype=float)
    if value.ndim:
        return [_compact(v) for v in value]
    rounded = float(f"{float(value):.9g}")
    return int(rounded) if rounded.is_integer() else rounded


def _fill(template, names, fields):
    return FIELD.sub(lambda m: fields[m[1]], template) if names else template


def question_data(practice):
    """The JSON of one question and the text of its first variant's prompt."""
    q = practice.question
    found = variants(practice)
    names = list(dict.fromkeys(FIELD.findall(practice.prompt + practice.solution)))
    hints = list(dict.fromkeys(m.hint for m in q.mistakes))

    def positional(template):
        return FIELD.sub(lambda m: f"{{{names.index(m[1])}}}", template)

    data = {
        "key": practice.key,
        "prompt": positional(practice.prompt),
        "solution": positional(practice.solution),
        "hints": hints,
        "hint": q.hint,
        "tol": [q.rtol, q.atol],
        "size": int(np.size(found[0].answers[0])),
        "variants": [
            [
                [v.fields[n] for n in names],
                [_compact(a) for a in v.answers],
                [[_compact(w), hints.index(q.mistakes[k].hint)] for w, k in v.wrongs],
            ]
            for v in found
        ],
    }
    return data, _fill(practice.prompt, names, found[0].fields)


def _question_html(number, practice, data, first):
    key = html.escape(practice.key)
    size = data["size"]
    form = "a number: 2.5, −7/2 or 2√3" if size == 1 else f"{size} numbers: (8, 15) or 8, 15"
    parts = ("first", "live", "label", "answer", "format", "solution")
    ids = {part: f"practice-{key}-{part}" for part in parts}
    return f"""<div class="practice-q" id="practice-{key}" data-key="{key}" data-variant="0">
<h3>{number}. {html.escape(practice.title)}</h3>
<p class="practice-first" id="{ids["first"]}">{html.escape(first)}</p>
<p class="practice-live" id="{ids["live"]}" aria-live="polite"></p>
<form class="practice-form">
<label id="{ids["label"]}" for="{ids["answer"]}">Your answer</label>
<input id="{ids["answer"]}" type="text" autocomplete="off" spellcheck="false" \
aria-labelledby="{ids["label"]} {ids["first"]}" aria-describedby="{ids["format"]}">
<button type="submit">Check</button>
<button type="button" class="practice-next">Another one</button>
<button type="button" class="practice-show" aria-controls="{ids["solution"]}" \
aria-expanded="false" hidden>Show solution</button>
<span class="practice-format" id="{ids["format"]}">{form}</span>
</form>
<p class="practice-feedback" role="status" aria-live="polite"></p>
<p class="practice-solution" id="{ids["solution"]}" hidden></p>
<p class="practice-progress"></p>
</div>"""


def block(name):
    """The HTML of the practice block of chapter ``name`` (a key of :data:`PRACTICE`).

    Raises
    ------
    ValueError
        If ``name`` has no practice questions.
    """
    if name not in PRACTICE:
        raise ValueError(f"name must be one of {', '.join(PRACTICE)}, got {name!r}")
    questions = PRACTICE[name]
    built = [question_data(p) for p in questions]
    parts = [
        f'<div class="nabla-practice" data-page="{html.escape(name)}">',
        f"<p>{len(questions)} questions on this chapter, each with {N_VARIANTS} variants that "
        "nabla drew and answered when the book was built. Your answer is checked here, in the "
        "page: a known mistake gets its own hint, and the solution is offered after two tries. "
        "Write a vector as (8, 15) or 8, 15, a fraction as −7/2 and a root as 2√3 or "
        "sqrt(2); give four significant digits where an answer is not exact. Matrices are "
        "written as their rows. Your progress, and the variant you are on, stay in this "
        "browser.</p>",
    ]
    for number, (practice, (data, first)) in enumerate(zip(questions, built, strict=True), 1):
        parts.append(_question_html(number, practice, data, first))
    data = json.dumps([d for d, _ in built], ensure_ascii=False, separators=(",", ":"))
    parts.append(
        '<script type="application/json" class="practice-data">'
        + data.replace("</", "<\\/")
        + "</script>\n</div>"
    )
    return "\n".join(parts)
