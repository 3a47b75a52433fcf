package dev.wgroam.functions.ownership;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.telemetry.Telemetry;
import dev.wgroam.ownership.ClientOwnership;
import dev.wgroam.routes.RouteUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * One stream batch, end to end: decide owners, then tell the nodes with one SSM command per node
 * region (more only when the update exceeds SSM's size quota), then report. A failed send is not a
 * failed batch: the owners are in the table and every node's reconcile heals within its interval.
 */
public final class OwnershipFunction {

    /** Metric names, in one place. */
    public static final String OWNER_CHANGES = "OwnerChanges";
    public static final String COMMANDS_SENT = "CommandsSent";
    public static final String SEND_FAILURES = "SendFailures";
    public static final String MALFORMED_RECORDS = "MalformedRecords";
    public static final String LOST_RACES = "LostRaces";
    /** Owner items of removed clients deleted (their addresses free again). */
    public static final String FORGOTTEN_OWNERS = "ForgottenOwners";
    public static final String CONVERGENCE_DELAY = "HandshakeToOwnerChange";
    /** Claims not believed, one count per {@link #REASON_DIMENSION} value (RefusedClaims.Reason's names). */
    public static final String REFUSED_CLAIMS = "RefusedClaims";
    public static final String REASON_DIMENSION = "Reason";
    /** Registry entries (the operator's) not believed, as {@code Registry.refusals()} lists them. */
    public static final String REGISTRY_REFUSALS = "RegistryRefusals";

    private final OwnershipService service;
    private final CommandSender sender;
    private final Telemetry telemetry;
    private final Clock clock;
    private final int maxPayloadChars;

    public OwnershipFunction(OwnershipStore store, CommandSender sender, Telemetry telemetry, Clock clock,
                             Duration skewMargin, int maxPayloadChars) {
        this.sender = sender;
        this.telemetry = telemetry;
        this.clock = clock;
        this.maxPayloadChars = maxPayloadChars;
        this.service = new OwnershipService(store, new ClientOwnership(skewMargin), new OwnershipService.Problems() {
            @Override
            public void malformedRecord(String sequenceNumber, String reason, Map<String, String> keys) {
                skipped(new StreamBatch.Skipped(sequenceNumber, reason, keys));
            }

            @Override
            public void decisionFailed(String subject, RuntimeException cause) {
                telemetry.warn("decision failed, records reported for retry",
                        Map.of("subject", subject, "error", String.valueOf(cause)));
            }
        });
    }

    public StreamsEventResponse handle(List<Record> records) {
        return handle(new StreamBatch(records, List.of()));
    }

    StreamsEventResponse handle(StreamBatch batch) {
        batch.skipped().forEach(this::skipped);
        OwnershipService.Result result = service.process(batch.records(), clock.instant());
        int commands = 0;
        int sendFailures = 0;
        if (!result.changes().isEmpty() || result.reconcileNow()) {
            List<String> payloads = new ArrayList<>(result.changes().isEmpty() ? List.of()
                    : RouteUpdate.encodeInChunks(result.changes(), maxPayloadChars));
            if (result.reconcileNow()) {
                // One signal a batch however many registry items it holds; the agents coalesce the rest.
                payloads.add(RouteUpdate.RECONCILE);
            }
            Set<Region> regions = result.regions();
            Map<Region, CommandSender.Outcome> outcomes = sender.send(regions, payloads);
            for (Map.Entry<Region, CommandSender.Outcome> e : outcomes.entrySet()) {
                commands += e.getValue().commandsSent();
                if (e.getValue().failed()) {
                    sendFailures++;
                    telemetry.warn("route update not sent; nodes will heal on reconcile",
                            Map.of("region", e.getKey().name(), "error", e.getValue().error()));
                }
            }
            telemetry.info("owners changed", Map.of("changes", result.changes().size(),
                    "regions", regions.stream().map(Region::name).toList(), "commands", commands,
                    "first", result.changes().stream().limit(20)
                            .map(e -> e.prefix() + " -> " + e.owner().shortForm() + " v" + e.version()).toList()));
        }
        reportRefusals(result);
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put(OWNER_CHANGES, result.changes().size());
        metrics.put(COMMANDS_SENT, commands);
        metrics.put(SEND_FAILURES, sendFailures);
        metrics.put(MALFORMED_RECORDS, result.malformed() + batch.skipped().size());
        metrics.put(LOST_RACES, result.lostRaces());
        metrics.put(FORGOTTEN_OWNERS, result.forgottenOwners());
        metrics.put(REFUSED_CLAIMS, result.refused().total());
        metrics.put(REGISTRY_REFUSALS, result.registryRefusals().size());
        telemetry.metrics(metrics, Map.of());
        if (!result.delays().isEmpty()) {
            List<Long> millis = new ArrayList<>();
            result.delays().forEach(d -> millis.add(Math.max(0, d.toMillis())));
            telemetry.metricValues(CONVERGENCE_DELAY, millis, "Milliseconds");
        }
        return new StreamsEventResponse(result.failedSequenceNumbers().stream()
                .map(StreamsEventResponse.BatchItemFailure::new)
                .toList());
    }

    private void skipped(StreamBatch.Skipped record) {
        telemetry.warn("malformed stream record, counted and skipped: " + record.why(),
                Map.of("sequenceNumber", record.sequenceNumber(), "keys", record.keys()));
    }

    /** Once a batch: what was not believed, counted by reason, with one sample to find it by. */
    private void reportRefusals(OwnershipService.Result result) {
        RefusedClaims refused = result.refused();
        if (refused.total() > 0) {
            Map<String, Integer> byReason = new LinkedHashMap<>();
            refused.counts().forEach((reason, count) -> byReason.put(reason.name(), count));
            telemetry.countsBy(REFUSED_CLAIMS, REASON_DIMENSION, byReason);
            telemetry.warn("claims refused: nothing routed for them", Map.of("refused", refused.total(),
                    "byReason", byReason, "first", refused.first()));
        }
        if (!result.registryRefusals().isEmpty()) {
            telemetry.warn("registry entries not believed; the operator must fix them",
                    Map.of("count", result.registryRefusals().size(), "first", result.registryRefusals().get(0)));
        }
    }
}
