package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CodecRoundTripTest implements Records.Providers {

    @Property
    void observation_fromItemOfToItem_givesTheSameObservation(@ForAll("observations") Observation observation) {
        Map<String, AttributeValue> item = ObservationItem.toItem(observation);
        assertEquals(ItemKind.OBSERVATION, ItemKind.of(item));
        assertEquals(observation, ObservationItem.fromItem(item));
    }

    @Property
    void nodeRecord_fromItemOfToItem_givesTheSameRecord(@ForAll("nodeRecords") NodeRecord node) {
        Map<String, AttributeValue> item = NodeRecordItem.toItem(node);
        assertEquals(ItemKind.NODE, ItemKind.of(item));
        assertEquals(node, NodeRecordItem.fromItem(item));
    }

    @Property
    void fleetSettings_fromItemOfToItem_givesTheSameSettings(@ForAll("fleetSettings") FleetSettings settings,
                                                             @ForAll("times") Instant updatedAt) {
        Map<String, AttributeValue> item = FleetSettingsItem.toItem(settings, updatedAt);
        assertEquals(ItemKind.FLEET, ItemKind.of(item));
        assertEquals(settings, FleetSettingsItem.fromItem(item));
    }

    @Property
    void approval_fromItemOfToItem_givesTheSameApproval(@ForAll("approvals") NodeApproval approval) {
        Statistics.label("gaEndpointId").collect(approval.gaEndpointId().isEmpty() ? "empty" : "present");
        Statistics.label("vpcCidrs").collect(approval.vpcCidrs().isEmpty() ? "empty" : "present");
        Statistics.label("node id").collect(NodeApproval.impliedBy(approval.node()).region().isEmpty() ? "other" : "arn");
        Statistics.label("gaEndpointId").coverage(c -> {
            c.check("empty").count(n -> n > 0);
            c.check("present").count(n -> n > 0);
        });
        Statistics.label("vpcCidrs").coverage(c -> {
            c.check("empty").count(n -> n > 0);
            c.check("present").count(n -> n > 0);
        });
        Statistics.label("node id").coverage(c -> {
            c.check("arn").count(n -> n > 0);
            c.check("other").count(n -> n > 0);
        });

        Map<String, AttributeValue> item = NodeApprovalItem.toItem(approval);
        assertEquals(ItemKind.APPROVAL, ItemKind.of(item));
        assertEquals(approval, NodeApprovalItem.fromItem(item));
    }

    @Property
    void registeredClient_fromItemOfToItem_givesTheSameClient(@ForAll("clients") RegisteredClient client) {
        Map<String, AttributeValue> item = RegisteredClientItem.toItem(client);
        assertEquals(ItemKind.CLIENT, ItemKind.of(item));
        assertEquals(client, RegisteredClientItem.fromItem(item));
    }

    @Provide
    Arbitrary<Instant> times() {
        return Records.times();
    }

    @Property
    void owner_fromItemOfToItem_givesTheSameOwner(@ForAll("owners") Owner owner) {
        String subject = owner.subject() instanceof Subject.Client ? "client" : "vpc";
        String previous = owner.previousNode() == null ? "none" : "present";
        Statistics.label("subject and previous owner").collect(subject, previous);
        Statistics.label("subject and previous owner").coverage(c -> {
            c.check("client", "none").count(n -> n > 0);
            c.check("client", "present").count(n -> n > 0);
            c.check("vpc", "none").count(n -> n > 0);
            c.check("vpc", "present").count(n -> n > 0);
        });

        Map<String, AttributeValue> item = OwnerItem.toItem(owner);
        assertEquals(ItemKind.OWNER, ItemKind.of(item));
        assertEquals(owner, OwnerItem.fromItem(item));
    }

    @Property
    void ownerSubject_parsedFromItsId_isTheSameSubject(@ForAll("owners") Owner owner) {
        assertEquals(owner.subject(), Subject.parse(owner.subject().id()));
    }

    @Property
    void nodeStatus_fromItemOfToItem_givesTheSameStatus(@ForAll("statuses") NodeStatus status) {
        Map<String, AttributeValue> item = NodeStatusItem.toItem(status);
        assertEquals(ItemKind.STATUS, ItemKind.of(item));
        assertEquals(status, NodeStatusItem.fromItem(item));
    }
}
