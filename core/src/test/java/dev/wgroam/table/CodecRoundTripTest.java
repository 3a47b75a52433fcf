package dev.wgroam.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
        Statistics.label("gaEndpointId").collect(node.gaEndpointId().isEmpty() ? "empty" : "present");
        Statistics.label("vpcPrefixes").collect(node.vpcPrefixes().isEmpty() ? "empty" : "present");
        Statistics.label("gaEndpointId").coverage(c -> {
            c.check("empty").count(n -> n > 0);
            c.check("present").count(n -> n > 0);
        });
        Statistics.label("vpcPrefixes").coverage(c -> {
            c.check("empty").count(n -> n > 0);
            c.check("present").count(n -> n > 0);
        });

        Map<String, AttributeValue> item = NodeRecordItem.toItem(node);
        assertEquals(ItemKind.NODE, ItemKind.of(item));
        assertEquals(node, NodeRecordItem.fromItem(item));
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
