"""Measuring the parser against cases written by hand (`swcu eval parse`)."""
