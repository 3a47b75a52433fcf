# sam build runs these targets (Metadata BuildMethod: makefile) with ARTIFACTS_DIR set; they also run
# by hand: `make build-OwnershipFunction ARTIFACTS_DIR=/tmp/out`. Each function gets only its own jar.

build-OwnershipFunction:
	./mvnw -B -q -pl functions -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/target/ownership.jar "$(ARTIFACTS_DIR)/lib/"

build-FailoverFunction:
	./mvnw -B -q -pl functions -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp functions/target/failover.jar "$(ARTIFACTS_DIR)/lib/"

.PHONY: build-OwnershipFunction build-FailoverFunction
