"""Numbers a chapter's prose quotes, one source for the book and for JupyterLab.

A code cell computes a number, checks it, and keeps its text under a name::

    glue("step_up", f"{change:.4f}")

and the prose quotes it as ``{eval}`glue.step_up```. In JupyterLab (jupyterlab-myst)
the expression is evaluated in the reader's kernel when the Markdown cell runs; the
stored notebook keeps the last result in the cell's ``user_expressions`` metadata,
which JupyterLab shows before anything runs and the book prints
(``_ext/stored_eval.py``). Where myst-nb is installed, the text is also glued for
the book's other pages (the errata quote chapters' numbers with ``{glue:text}``).

>>> glue("step_up", "0.1702")
>>> glue.step_up
'0.1702'
>>> glue("step up", "1")
Traceback (most recent call last):
...
ValueError: name must be a Python identifier (it is quoted as glue.<name>), got 'step up'
"""


class Glue:
    """The texts kept so far, as attributes: ``glue.name``."""

    def __call__(self, name, text):
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise ValueError(
                f"name must be a Python identifier (it is quoted as glue.<name>), got {name!r}"
            )
        if not isinstance(text, str):
            raise TypeError(f"text must be the str the prose shows, got {type(text).__name__}")
        setattr(self, name, text)
        try:
            from myst_nb import glue as book_glue
        except ImportError:  # Colab: no book to build there
            return
        book_glue(name, text, display=False)

    def __getattr__(self, name):  # only called for a name not glued yet
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(f"glue.{name} is computed further down: run the cells below first")

    def __repr__(self):
        return f"glue({', '.join(sorted(vars(self)))})"


glue = Glue()
