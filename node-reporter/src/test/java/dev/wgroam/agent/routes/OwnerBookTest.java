package dev.wgroam.agent.routes;

import static dev.wgroam.agent.routes.Fleet.B;
import static dev.wgroam.agent.routes.Fleet.C;
import static dev.wgroam.agent.routes.Fleet.CLIENT;
import static dev.wgroam.agent.routes.Fleet.NOW;
import static dev.wgroam.agent.routes.Fleet.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshakes the book carries for the reporter; the merge rules are the route tests'. */
class OwnerBookTest {

    static final Duration HOLD = Duration.ofSeconds(30);
    static final Instant HANDSHAKE = NOW.minusSeconds(8);

    @Test
    void aReadEntry_carriesTheTablesHandshake_andAPushedOneNoneUntilTheTableConfirmsIt() {
        OwnerBook read = OwnerBook.EMPTY.reconcile(List.of(new OwnerBook.Entry(entry(CLIENT, B, 4), HANDSHAKE)), NOW, HOLD);
        assertEquals(HANDSHAKE, read.entries().get(CLIENT).handshake());

        OwnerBook pushed = read.push(List.of(entry(CLIENT, C, 5)), NOW).book();
        assertEquals(new OwnerBook.Entry(entry(CLIENT, C, 5), Instant.EPOCH), pushed.entries().get(CLIENT));

        OwnerBook stillAhead = pushed.reconcile(List.of(new OwnerBook.Entry(entry(CLIENT, B, 4), HANDSHAKE)),
                NOW.plusSeconds(10), HOLD);
        assertEquals(new OwnerBook.Entry(entry(CLIENT, C, 5), Instant.EPOCH), stillAhead.entries().get(CLIENT),
                "the table's older item lends the pushed owner no handshake");

        OwnerBook confirmed = stillAhead.reconcile(List.of(new OwnerBook.Entry(entry(CLIENT, C, 5), NOW.minusSeconds(1))),
                NOW.plusSeconds(20), HOLD);
        assertEquals(NOW.minusSeconds(1), confirmed.entries().get(CLIENT).handshake());
    }

    @Test
    void aStalePush_keepsTheReadHandshake() {
        OwnerBook read = OwnerBook.EMPTY.reconcile(List.of(new OwnerBook.Entry(entry(CLIENT, B, 4), HANDSHAKE)), NOW, HOLD);

        OwnerBook after = read.push(List.of(entry(CLIENT, C, 4)), NOW).book();

        assertEquals(read, after);
    }
}
