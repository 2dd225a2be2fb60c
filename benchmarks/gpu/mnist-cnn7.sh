#!/usr/bin/env bash
# The paper's MNIST schedule on a GPU: CNN-7, eps 0.4, 70 epochs (ramp over
# epochs 1-20, lr x0.2 after 50 and 60, batch 256, Adam 5e-4, clip 10), then
# the pure-Go IBP certifier on the best model. Shi et al. report 2.33 % clean
# and 11.03 % IBP-verified error (mean of runs) for this setting.
#
# NOT YET RUN ON A GPU (written in a session without one).
#
# Builds bin/verify-torch against this machine's PyTorch libtorch with
# benchmarks/gpu/run.sh (see docs/torch.md: no Go or network needed when
# build/gpu-bundle.tar.xz is carried along), then trains. Idempotent: rerun
# it after the 10-minute command limit and the run resumes from its
# checkpoint. MNIST must travel along: data/mnist (make data) or
# testdata/external/mnist (make testdata).
#
# Usage: bash benchmarks/gpu/mnist-cnn7.sh     (EPOCHS=N to stop earlier)
set -euo pipefail
cd "$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
out=${OUT_DIR:-build/gpu-mnist-cnn7}
epochs=${EPOCHS:-70}
data=data/mnist
[[ -f $data/train-images-idx3-ubyte.gz ]] || data=testdata/external/mnist
[[ -f $data/train-images-idx3-ubyte.gz ]] || { echo "no MNIST: run make data and carry data/mnist" >&2; exit 2; }

[[ -x bin/verify-torch ]] || bash benchmarks/gpu/run.sh
resume=()
[[ -f $out/checkpoint ]] && resume=(--resume)
t0=$(date +%s)
bin/verify-torch train --dataset mnist --data-dir "$data" --arch cnn7 --eps 0.4 \
	--epochs "$epochs" --device cuda --out "$out" "${resume[@]}"
echo "training wall time this call: $(( $(date +%s) - t0 )) s"
tail -n 3 "$out/train.jsonl"
# Independent check of the IBP-verified error with the pure-Go certifier
# (float64, outward rounding); the torch binary has the same command.
bin/verify-torch certify --model "$out/best.safetensors" --data-dir "$data" --eps 0.4 \
	--method ibp --attack none --out "$out/cert-ibp.json"
