package dev.wgroam.fleet;

import dev.wgroam.text.Printable;
import java.util.regex.Pattern;

/**
 * Identifies one VPN node. On EC2 it is the instance ARN, so that the node's IAM role can confine
 * its writes to its own partition with {@code dynamodb:LeadingKeys = node#${ec2:SourceInstanceARN}};
 * in local mode any short name such as {@code node-a}.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public NodeId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "not a node id (letters, digits and . _ : / -, at most 128): " + Printable.quote(value));
        }
    }

    /** The instance id part of an ARN ({@code i-0abc…}), or the whole id when it is not an ARN. */
    public String shortForm() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
