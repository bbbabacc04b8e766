"""Benchmarks: glassgrad against hand-written numpy (the floor for a numpy engine) and PyTorch."""
