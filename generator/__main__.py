import gc
import sys

from generator.cli import main

code = main(prog="python -m generator")
# What is left is freed at exit anyway: a last full collection over every object the
# run made would take a good part of a replayed run's time (atexit hooks still run).
gc.freeze()
sys.exit(code)
