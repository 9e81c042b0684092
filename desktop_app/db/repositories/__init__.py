"""Repositories: each method is one short transaction and returns domain dataclasses."""
