# Two commands: `make run` plans the sample county, `make test` runs the whole suite.
# Both install missing build prerequisites first (HiGHS is built from source).
# Tests run in release: the solver is compiled once and shared with `make run`.

CARGO ?= cargo
OUT ?= out/haiyan-like

.PHONY: run test prereqs build lint bench fuzz

prereqs:
	@bash scripts/prereqs.sh

build: prereqs
	$(CARGO) build --release --locked

run: build
	./target/release/rotation plan instances/haiyan-like --policy models/haiyan-2022.toml --out $(OUT) --force

test: prereqs
	$(CARGO) test --release --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --all-targets --locked -- -D warnings

bench: build
	$(CARGO) bench --bench plan

# A longer fuzzing campaign of every reader (docs/fuzzing.md); `make test` runs the
# same properties with a few dozen cases each. FUZZ_CASES sets the cases per property.
FUZZ_CASES ?= 5000
fuzz: prereqs
	PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test --release --locked --test fuzz_readers
