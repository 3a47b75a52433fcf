package dev.wgroam.ownership;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.PeerKey;

/** What an owner item is about: a client (owned by handshake recency) or a VPC prefix (by node status). */
public sealed interface Subject permits Subject.Client, Subject.Vpc {

    /** The stable text form used in table keys: {@code client#<public key>} or {@code vpc#<prefix>}. */
    String id();

    record Client(PeerKey key) implements Subject {
        @Override
        public String id() {
            return "client#" + key.base64();
        }
    }

    record Vpc(Cidr prefix) implements Subject {
        @Override
        public String id() {
            return "vpc#" + prefix;
        }
    }
}
