"""A local Genviral Partner API (peers.md section 2, seed 004), written from the reference
alone: nothing here imports dashtui.domain, dashtui.errors or the Genviral client, so the two
can disagree and a test catches whichever one is wrong.

app.py create_app / run_sandbox; posts.py the endpoints; validate.py the documented limits;
publisher.py the clock that publishes; faults.py + middleware.py fault injection; control.py
/_sandbox/*; demo.py the demo data; profile.py the strict and lenient readings.
"""

DEMO_TOKEN = "gva_live_demo.sandbox-secret"
