package dev.wgroam.agent.routes;

import java.util.Objects;

/**
 * Something the agent read and does not believe, and why: an owner entry for a prefix it may not
 * route to that owner, or a node record that does not match the node's approval. A refusal
 * changes nothing on the host; the agent counts and logs it.
 *
 * @param subject the prefix or node id refused, as text
 */
public record Refusal(String subject, Reason reason) {

    public enum Reason {
        FORBIDDEN_PREFIX("a prefix no node ever routes (shorter than /8, link-local, loopback, multicast or reserved)"),
        BACKBONE_ADDRESS("a node's backbone address, routed only to that node's approved peer"),
        OWN_VPC("this node's own VPC CIDR, given to a node not approved for it"),
        UNAPPROVED_OWNER("its owner is not an approved node"),
        VPC_OF_ANOTHER_NODE("a VPC CIDR approved for another node, not for its owner"),
        OVERLAPS_APPROVED_VPC("it overlaps an approved VPC CIDR without being one"),
        NOT_A_CLIENT_ADDRESS("neither an approved VPC CIDR nor a client address (a /32 inside the fleet's client CIDR)"),
        UNREGISTERED_CLIENT("no registered client has this address"),
        UNAPPROVED_NODE("a node record of a node that is not approved"),
        RECORD_MISMATCH("a node record whose backbone key or address is not its approval's"),
        DUPLICATE_RECORD("more than one node record for one node"),
        FORBIDDEN_ENDPOINT("a node record whose backbone endpoint is an address no node ever sends to");

        private final String why;

        Reason(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    public Refusal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return subject + " refused: " + reason.why();
    }
}
