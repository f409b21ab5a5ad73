"""A seeded fuzz harness for every input the app reads: content, manifest, meshes, kiosk settings.

``python -m explorer.fuzz --cases 2000 --seed 0`` builds that many malformed
(and some valid) inputs from the shipped files, loads each in a worker
process under a time and memory limit, and prints a table of outcomes by
input and family. It exits 1 on any crash, hang, memory blow-up, refused
valid input, modified input or accepted invalid input. Each case depends only
on the seed and its number, so ``--only 1234`` reruns one case exactly.
"""
