"""Disclosure Desk (政府信息公开工作台): catalog, request register and annual report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("disclosure-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
