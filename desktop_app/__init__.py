"""Disclosure Desk (政府信息公开工作台): catalog, request register and annual report."""

# The one place the version is written (pyproject reads it through hatch): reading it back from the
# installed metadata cost a fifth of `--version`'s start-up, and a frozen bundle has no metadata.
__version__ = "0.1.0"
