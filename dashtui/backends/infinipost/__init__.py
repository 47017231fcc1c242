"""The Infinipost backend (reference/peers.md section 3, seed 002): `client.InfinipostClient`,
its conversion to domain posts (convert.py), live rules (rules.py) and a sandbox (sandbox/)."""
