package dev.wgroam.ownership;

import dev.wgroam.routes.Cidr;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;

/** What an owner item is about: a client (owned by handshake recency) or a VPC prefix (by node status). */
public sealed interface Subject permits Subject.Client, Subject.Vpc {

    /** The stable text form used in table keys: {@code client#<public key>} or {@code vpc#<prefix>}. */
    String id();

    /** Reads {@link #id()} back; throws {@link IllegalArgumentException} for any other text. */
    static Subject parse(String id) {
        if (id.startsWith(Client.PREFIX)) {
            return new Client(new PeerKey(id.substring(Client.PREFIX.length())));
        }
        if (id.startsWith(Vpc.PREFIX)) {
            return new Vpc(Cidr.parse(id.substring(Vpc.PREFIX.length())));
        }
        throw new IllegalArgumentException("not an owner subject (client#<key> or vpc#<prefix>): " + Printable.quote(id));
    }

    record Client(PeerKey key) implements Subject {
        private static final String PREFIX = "client#";

        @Override
        public String id() {
            return PREFIX + key.base64();
        }
    }

    record Vpc(Cidr prefix) implements Subject {
        private static final String PREFIX = "vpc#";

        @Override
        public String id() {
            return PREFIX + prefix;
        }
    }
}
