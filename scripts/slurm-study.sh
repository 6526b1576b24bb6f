#!/bin/bash
# One shard of a study per task of a Slurm job array (docs/cluster.md). Copy it next to
# your study, set N and the #SBATCH lines, and submit:
#   array=$(sbatch --parsable scripts/slurm-study.sh)
#   sbatch --dependency=afterany:"$array" --wrap "rotation study merge $SCRATCH/rotation-study --out results"
#SBATCH --job-name=rotation-study
#SBATCH --array=1-100                 # N = 100 shards; keep N in step with N below
#SBATCH --cpus-per-task=1             # one HiGHS thread per task
#SBATCH --mem=2G                      # a 4,000-teacher county plans in well under 1 GB
#SBATCH --time=02:00:00
#SBATCH --output=logs/study-%A_%a.log
set -euo pipefail
N=100
STUDY=${STUDY:-province.toml}
OUT=${OUT:-$SCRATCH/rotation-study}   # a shared folder every task can write
rotation study "$STUDY" --out "$OUT" --shard "${SLURM_ARRAY_TASK_ID}/${N}"
