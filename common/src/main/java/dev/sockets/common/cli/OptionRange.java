package dev.sockets.common.cli;

import java.time.Duration;

/**
 * Range checks of numeric options. Each failure is a usage error naming the option, e.g.
 * {@code --nicklen must be at least 1}: with a dozen numeric options, a message that does not say which
 * one is wrong leaves the user guessing.
 */
public final class OptionRange {

    private OptionRange() {
    }

    /** @throws UserError exit 2 when {@code value < min} */
    public static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw UserError.usage(option + " must be at least " + min);
        }
    }

    /** @throws UserError exit 2 when {@code value} is negative */
    public static void notNegative(String option, double value) {
        if (value < 0 || Double.isNaN(value)) {
            throw UserError.usage(option + " must not be negative");
        }
    }

    /** @throws UserError exit 2 unless {@code value} is more than zero */
    public static void positive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw UserError.usage(option + " must be more than 0");
        }
    }

    /** @throws UserError exit 2 unless {@code port} is 0-65535 (1-65535 when {@code zeroAllowed} is false) */
    public static void port(String option, int port, boolean zeroAllowed) {
        int min = zeroAllowed ? 0 : 1;
        if (port < min || port > 65535) {
            throw UserError.usage(option + " must be " + min + "-65535, not " + port);
        }
    }
}
