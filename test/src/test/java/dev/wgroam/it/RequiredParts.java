package dev.wgroam.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a real part (moto_server, root with wireguard-go) skip loudly when it is missing,
 * and fail instead when the environment says the part is required (CI sets WGROAM_REQUIRE_*).
 */
public final class RequiredParts {

    private RequiredParts() {
    }

    public static void require(boolean present, String part, String requireVariable) {
        if (present) {
            return;
        }
        String message = "MISSING REQUIRED PART: " + part;
        if ("1".equals(System.getenv(requireVariable))) {
            Assertions.fail(message + " (" + requireVariable + "=1, so this fails instead of skipping)");
        }
        System.err.println("*** SKIPPED: " + message + " — set " + requireVariable + "=1 to make this a failure ***");
        Assumptions.abort(message);
    }
}
