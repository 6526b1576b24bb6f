#!/usr/bin/env python3
"""Wishes (wishes.csv, docs/format.md "Wishes and priority") for a county that has none.

Reproducible: the same county and seed give the same file. Like the sample county's
instances/haiyan-like-teachers/wishes.csv, about a quarter of the teachers eligible
under models/haiyan-2022.toml (six years at the school, women up to 50, men up to 55,
not exempt) list one to three schools of the other zone and the same level, drawn
from the eight nearest such schools; one in ten puts `stay` first, one in ten last.
Priority points come from the policy's [priority] formula (no priority column).

    scripts/practice-wishes.py ../shared/practice/county-4k-a /tmp/wishes-4k-a.csv
"""
import csv
import math
import random
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: practice-wishes.py COUNTY_DIR OUT.csv [SEED]")
    county, out = sys.argv[1], sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 2022)
    with open(f"{county}/schools.csv", newline="", encoding="utf-8-sig") as f:
        schools = list(csv.DictReader(f))
    with open(f"{county}/teachers.csv", newline="", encoding="utf-8-sig") as f:
        teachers = list(csv.DictReader(f))
    by_id = {s["id"]: s for s in schools}

    def eligible(t):
        age = 2022 - int(t["birth_year"])
        return (
            int(t["years_at_school"]) >= 6
            and not t.get("exempt")
            and age <= (50 if t["gender"] == "F" else 55)
        )

    def place(s):
        return float(s.get("x_km") or s.get("lon") or 0), float(s.get("y_km") or s.get("lat") or 0)

    rows = []
    for t in teachers:
        if not eligible(t) or rng.random() >= 0.25:
            continue
        own = by_id[t["school"]]
        ox, oy = place(own)
        others = sorted(
            (s for s in schools if s["zone"] != own["zone"] and s["level"] == own["level"]),
            key=lambda s: math.dist((ox, oy), place(s)),
        )[:8]
        if not others:
            continue
        wished = [s["id"] for s in rng.sample(others, rng.randint(1, min(3, len(others))))]
        r = rng.random()
        if r < 0.1:
            wished.insert(0, "stay")
        elif r < 0.2:
            wished.append("stay")
        rows.extend((t["id"], rank, target) for rank, target in enumerate(wished, 1))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["teacher", "rank", "school"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
