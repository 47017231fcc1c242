"""The Infinipost backend (reference/peers.md section 3, seed 002).

  client.py      InfinipostClient(token, root=DEFAULT_ROOT, *, workspace=None, timeout=15.0,
                 transport=None): the Backend
  convert.py     Infinipost post <-> domain Post (status table, extras)
  edits.py       domain changes -> PATCH body; domain create -> create call
  localtime.py   the 11 zones, UTC instant -> local wall time (DST notes)
  rules.py       live checks; mapping.py errors; session.py HTTP; deletes.py bulk report
  sandbox/       app.create_app / demo_app / build_demo_state / run_sandbox (API under /v1)

Wiring (the factory): a real account is `InfinipostClient(key, root or DEFAULT_ROOT,
workspace=name)`; the demo is `InfinipostClient(DEMO_TOKEN, "http://sandbox.invalid/v1",
transport=httpx.ASGITransport(app=demo_app(now=..., seed=..., profile=...)))`.
"""
