"""Figures for the chapters: static matplotlib images and interactive explorers.

Drawing only: every number comes from nabla's numerical modules. Importing
this package needs matplotlib, ipywidgets and anywidget; ``import nabla``
does not.
"""
