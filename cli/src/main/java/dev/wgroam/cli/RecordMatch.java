package dev.wgroam.cli;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.registry.NodeApproval;

/**
 * How a node's own record stands against its approval. Only a record with the approval's backbone
 * key and address is believed; any other says the node runs with another key or address than the
 * operator approved (reinstalled, misconfigured — or not the node it claims to be).
 */
public enum RecordMatch {
    MATCHES("ok"),
    MISSING("none"),
    OTHER_KEY("other backbone key"),
    OTHER_ADDRESS("other backbone address");

    private final String text;

    RecordMatch(String text) {
        this.text = text;
    }

    /** @param record the node's record; null when it has written none */
    public static RecordMatch of(NodeApproval approval, NodeRecord record) {
        if (record == null) {
            return MISSING;
        }
        if (!record.backboneKey().equals(approval.backboneKey())) {
            return OTHER_KEY;
        }
        return record.backboneAddress().equals(approval.backboneAddress()) ? MATCHES : OTHER_ADDRESS;
    }

    /** As status and {@code node list} show it. */
    public String text() {
        return text;
    }
}
