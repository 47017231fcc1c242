"""Scaffolding the three local sandboxes share: the fault rule engine (faults.py), the fault
and latency pipeline (pipeline.py), /_sandbox helpers and routes (control.py), the profile
base (profile.py), the clocked, saved state and runtime (state.py) and serving over loopback
HTTP (server.py).

It belongs to no backend and sits outside dashtui.backends, so the backends stay independent
of one another and a sandbox still loads nothing under dashtui.backend*; like the sandboxes
it imports nothing of a client, the domain or the neutral errors (pyproject). Each sandbox
keeps its own error bodies, fault kinds, routes and profile choices.
"""
