#!/usr/bin/env python3
"""bench/mpi_model.py — the step-time model of lm-train(1)
section: P machines, each running the configuration's whole batch (the
global batch grows with P), gradients all-reduced once per step with no
overlap of communication and compute:

    t_step(P) = t_compute + 2 (P - 1) alpha + 2 (P - 1) / P * bytes / bandwidth
    efficiency = t_compute / t_step(P)

bytes = 4 x parameters (float32 gradients), the ring allreduce's volume per
machine; alpha the latency of one of the ring's 2 (P - 1) messages.

usage: bench/mpi_model.py [--alpha SECONDS] NAME:PARAMS:STEP_SECONDS ...
(STEP_SECONDS: the measured compute per step, from bench/extra-mpi.sh)."""
import sys

alpha = 25e-6
args = sys.argv[1:]
if args[:1] == ["--alpha"]:
    alpha, args = float(args[1]), args[2:]
print("config\tparams\tgrad_MB\tcompute_ms\tP\tGb/s\tcomm_ms\tefficiency")
for spec in args:
    name, params, step = spec.split(":")
    params, step = int(params), float(step)
    nbytes = 4 * params
    for p in (8, 64):
        for gbps in (10, 100):
            comm = 2 * (p - 1) * alpha + 2 * (p - 1) / p * nbytes / (gbps * 1e9 / 8)
            print(f"{name}\t{params}\t{nbytes / 1e6:.2f}\t{step * 1e3:.1f}\t{p}\t{gbps}"
                  f"\t{comm * 1e3:.2f}\t{step / (step + comm):.3f}")
