"""A local stand-in for the Infinipost API, written from reference/peers.md section 3 and
seed 002 alone: nothing here imports dashtui.domain, dashtui.errors or the client, so the
client and the sandbox can disagree and a test catches whichever one is wrong."""
