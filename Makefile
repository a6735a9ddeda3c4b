# scnet — the two set-up commands are `make up` and `make test` (see README.md).
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: up test build deps bench clean

## up: run scnet's main job on its embedded defaults.
## Until the controller lands this validates the example manifests (examples/).
up: build
	.build/debug/scnet validate -f examples/

## test: install what the tests need, build, and run the whole test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build:
	$(SWIFT) build --product scnet

deps:
	scripts/install-deps

## bench: release-build benchmarks; prints one JSON object per line.
bench: deps
	$(SWIFT) run -c release scnet-bench ipam ovsdb

clean:
	rm -rf .build
