"""dashtui: a terminal app for the Dash Social scheduler."""

__version__ = "0.1.0"
