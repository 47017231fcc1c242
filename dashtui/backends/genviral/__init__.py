"""The Genviral Partner API backend (reference/peers.md section 2, seed 004).

client.py  GenviralClient, the dashtui.backend.Backend over httpx
envelope.py the `{ok, code, message, data}` envelope and every error code -> neutral errors
convert.py Genviral post <-> domain Post, domain changes -> PATCH body
rules.py   the live checks (caption limits per target, 2-minute schedule, text-only, music...)
sandbox/   a local Genviral written from the reference, not from this client
"""
