package dev.sockets.common.testing;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} ({@link RedisProcess}) as a JUnit extension, registered as a static field:
 * {@code @RegisterExtension static final RedisServer redis = new RedisServer();} starts one before the
 * class's tests and kills it after them; {@link #eachTest()} gives every test a fresh, empty one, for
 * classes whose tests take Redis away ({@link #kill}, {@link #stop}) or must not see each other's keys.
 * It starts before the class's (or test's) own set-up methods and ends after its tear-down, so the nodes
 * and backplanes a test closes there still find it. A missing {@code redis-server} fails the class naming
 * the Debian package.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean eachTest;
    private RedisProcess redis;

    /** One Redis for all the tests of the class. */
    public RedisServer() {
        this(false);
    }

    private RedisServer(boolean eachTest) {
        this.eachTest = eachTest;
    }

    /** A new, empty Redis for every test, killed after it. */
    public static RedisServer eachTest() {
        return new RedisServer(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!eachTest) {
            redis = RedisProcess.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (eachTest) {
            redis = RedisProcess.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (eachTest) {
            end();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (!eachTest) {
            end();
        }
    }

    private void end() throws InterruptedException {
        RedisProcess r = redis;
        redis = null;
        if (r != null) {
            r.close();
        }
    }

    /** {@code redis://127.0.0.1:PORT}, as {@code --cluster} and {@code RedisBackplane} take it. */
    public URI uri() {
        return redis().uri();
    }

    public int port() {
        return redis().port();
    }

    /** SIGTERM, and waits until Redis has exited: it closes every client connection on its way out. */
    public void stop() throws InterruptedException {
        redis().stop();
    }

    /** SIGKILL, and waits until Redis has exited: a crash, as far as its clients can tell. */
    public void kill() throws InterruptedException {
        redis().kill();
    }

    /** Starts Redis again, empty, on the same port; fails if the port was taken while it was down. */
    public void restart() throws IOException {
        redis().restart();
    }

    private RedisProcess redis() {
        if (redis == null) {
            throw new IllegalStateException("no redis-server outside the "
                    + (eachTest ? "test" : "test class") + " (register this as a static @RegisterExtension field)");
        }
        return redis;
    }
}
