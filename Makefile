# scnet — the two set-up commands are `make up` and `make test` (see README.md).
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: up test build deps bench clean

## up: run scnet's main job on its embedded defaults: local OVN and Neutron (installed when
## missing), the embedded Kubernetes API and the controller, until Ctrl-C.
DATA_DIR ?= $(HOME)/.local/state/scnet
up: deps build
	.build/debug/scnet up --data-dir $(DATA_DIR)

## test: install what the tests need, build, and run the whole test suite.
## Suites run one after another: on 2 cores, parallel suites (each with real daemons) starved
## each other into timeouts and Neutron HTTP 500s; serial costs ~4 min instead of ~2.5.
## The output is also kept in $(TEST_LOG); the last lines name every failed test and its issues
## (scripts/run-tests), and make's exit status is the tests' own.
TEST_LOG ?= .build/test-output.log
test: deps
	$(SWIFT) build --build-tests
	scripts/run-tests $(TEST_LOG) $(SWIFT) test --skip-build --no-parallel

build:
	$(SWIFT) build --product scnet

deps:
	scripts/install-deps

## bench: release-build benchmarks; prints one JSON object per line.
bench: deps
	$(SWIFT) build -c release
	.build/release/scnet-bench ipam ovsdb controller cni

clean:
	rm -rf .build
