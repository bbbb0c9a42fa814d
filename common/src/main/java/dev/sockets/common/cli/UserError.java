package dev.sockets.common.cli;

/**
 * A failure the user can fix (bad value, cannot bind, cannot connect). {@link Cli} prints its message
 * as one line, without a stack trace, and exits with {@link #exitCode()}.
 */
public class UserError extends RuntimeException {

    private final int exitCode;

    public UserError(String message) {
        this(message, Cli.EXIT_FAILURE);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = Cli.EXIT_FAILURE;
    }

    /** A usage error (exit status 2). */
    public static UserError usage(String message) {
        return new UserError(message, Cli.EXIT_USAGE);
    }

    public int exitCode() {
        return exitCode;
    }
}
