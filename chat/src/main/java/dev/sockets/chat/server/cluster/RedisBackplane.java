package dev.sockets.chat.server.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link Backplane} on one Redis server (Jedis). Everything lives under a key prefix, so several chat
 * networks can share one Redis:
 * <ul>
 *   <li>{@code PREFIX:bus}, the pub/sub channel of the bus;</li>
 *   <li>{@code PREFIX:nicks}, a hash from case-folded nick to the node holding it;</li>
 *   <li>{@code PREFIX:node:NAME}, a node's lease: it exists (with a TTL) while the node is alive.</li>
 * </ul>
 *
 * <p>Connections: every {@link #listen} opens its own; {@link #publish} keeps one for the single
 * publishing thread and opens a new one on the call after a failure; claims, releases and lease
 * renewals share a small pool. Nothing is retried here: every failure is an {@link IOException} with a
 * one-line message naming the server, and the caller decides what to do.
 */
public final class RedisBackplane implements Backplane {

    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);

    private static final int DEFAULT_PORT = 6379;
    /** Nick claims come in bursts from many virtual threads; a few connections keep up with them. */
    private static final int POOL_SIZE = 8;

    /*
     * The scripts make check-and-set atomic. CLAIM reads the lease key of the current holder, a key it is
     * not given in KEYS: fine on a single Redis, which is all this class supports (not Redis Cluster).
     */
    private static final String CLAIM = """
            local holder = redis.call('HGET', KEYS[1], ARGV[1])
            if holder and holder ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. holder) == 1 then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """;
    private static final String RELEASE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              return redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0
            """;
    private static final String RENEW = """
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('SET', KEYS[1], 'alive', 'PX', ARGV[1])
            return existed
            """;
    /* LEAVE also sweeps claims of nodes whose lease is gone, so node names that come and go leave nothing. */
    private static final String LEAVE = """
            local all = redis.call('HGETALL', KEYS[1])
            local released = 0
            for i = 1, #all, 2 do
              local holder = all[i + 1]
              if holder == ARGV[1] or redis.call('EXISTS', ARGV[2] .. holder) == 0 then
                released = released + redis.call('HDEL', KEYS[1], all[i])
              end
            end
            redis.call('DEL', KEYS[2])
            return released
            """;

    /** A Redis server as a {@code redis://} URI names it. */
    private record Target(HostAndPort address, String user, String password, int database, String display) {}

    private final Target target;
    private final int timeoutMillis;
    private final byte[] bus;
    private final String nicks;
    private final String leasePrefix;
    private final RedisClient pool;

    private volatile boolean closed;
    /** The connection of the {@link #listen} in progress, for {@link #close} to cut. */
    private volatile Jedis listener;
    /** Only the publishing thread opens and uses it; {@link #close} cuts it. Null after a failure. */
    private volatile Jedis publisher;

    /**
     * Connects to nothing yet: connections are opened on first use.
     *
     * @param uri {@code redis://HOST[:PORT]}, optionally {@code redis://[USER]:PASSWORD@HOST:PORT/DB}
     *        (port 6379 by default, database 0)
     * @param keyPrefix the prefix of every key and of the channel, e.g. {@code sockets:NETWORK}
     * @param timeout the connect timeout and the longest a command may wait for its reply
     * @throws IllegalArgumentException when the URI is not a usable {@code redis://} URI, with a one-line
     *         reason
     */
    public RedisBackplane(URI uri, String keyPrefix, Duration timeout) {
        this.target = target(uri);
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("the Redis key prefix is empty");
        }
        this.timeoutMillis = millis(timeout);
        this.bus = (keyPrefix + ":bus").getBytes(UTF_8);
        this.nicks = keyPrefix + ":nicks";
        this.leasePrefix = keyPrefix + ":node:";
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(POOL_SIZE);
        poolConfig.setMaxIdle(POOL_SIZE);
        poolConfig.setMaxWait(timeout);
        this.pool = RedisClient.builder()
                .hostAndPort(target.address())
                .clientConfig(clientConfig(timeoutMillis))
                .poolConfig(poolConfig)
                .build();
    }

    /**
     * Parses and checks a Redis URI as the constructor takes it.
     *
     * @throws IllegalArgumentException with a one-line reason (never echoing a password)
     */
    public static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URI (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected redis://HOST:PORT");
        }
        target(uri);
        return uri;
    }

    /** {@code redis://HOST:PORT}, without any password: for log lines. */
    @Override
    public String toString() {
        return target.display();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns normally only when {@link #close} ends it (at once when the backplane is already closed).
     * An exception thrown by {@code onSubscribed} or {@code onMessage} ends the subscription and is
     * rethrown as it is.
     */
    @Override
    public void listen(Duration silence, Runnable onSubscribed, Consumer<byte[]> onMessage) throws IOException {
        Objects.requireNonNull(onSubscribed);
        Objects.requireNonNull(onMessage);
        if (closed) {
            return;
        }
        // Jedis reads a subscription with the "blocking" socket timeout: the silence allowed.
        Jedis jedis = connect(clientConfig(millis(silence)));
        listener = jedis;
        try {
            if (closed) { // close() may have run before listener was set, and then found nothing to cut
                return;
            }
            jedis.subscribe(new BinaryJedisPubSub() {
                @Override
                public void onSubscribe(byte[] channel, int subscribedChannels) {
                    log.debug("{}: subscribed to {}", target.display(), new String(channel, UTF_8));
                    onSubscribed.run();
                }

                @Override
                public void onMessage(byte[] channel, byte[] message) {
                    onMessage.accept(message);
                }
            }, bus);
            if (!closed) { // nothing here unsubscribes, so Redis did (CLIENT KILL and the like)
                throw new IOException(target.display() + ": the subscription ended");
            }
        } catch (JedisException e) {
            if (!closed) {
                throw isTimeout(e)
                        ? new IOException(target.display() + ": no message for " + silence.toMillis() + " ms", e)
                        : failure(e);
            }
        } finally {
            listener = null;
            disconnect(jedis);
        }
    }

    @Override
    public void publish(List<byte[]> messages) throws IOException {
        if (messages.isEmpty()) {
            return;
        }
        if (closed) {
            throw new IOException(target.display() + ": closed");
        }
        Jedis jedis = publisher;
        if (jedis == null) {
            jedis = connect(clientConfig(timeoutMillis));
            publisher = jedis;
        }
        try {
            if (closed) { // close() may have run before publisher was set, and then found nothing to cut
                throw new IOException(target.display() + ": closed");
            }
            Pipeline pipeline = jedis.pipelined();
            for (byte[] message : messages) {
                pipeline.publish(bus, message);
            }
            for (Object reply : pipeline.syncAndReturnAll()) {
                if (reply instanceof JedisDataException error) {
                    throw error;
                }
            }
        } catch (JedisException | IOException e) {
            // The connection may be half-way through a reply: never reuse it.
            publisher = null;
            disconnect(jedis);
            throw e instanceof IOException io ? io : failure(e);
        }
    }

    @Override
    public boolean renewLease(String node, Duration lease) throws IOException {
        return eval(RENEW, List.of(leasePrefix + node), List.of(Long.toString(millis(lease)))) == 1;
    }

    @Override
    public boolean claimNick(String nick, String node) throws IOException {
        return eval(CLAIM, List.of(nicks), List.of(nick, node, leasePrefix)) == 1;
    }

    @Override
    public void releaseNick(String nick, String node) throws IOException {
        eval(RELEASE, List.of(nicks), List.of(nick, node));
    }

    @Override
    public void leave(String node) throws IOException {
        long released = eval(LEAVE, List.of(nicks, leasePrefix + node), List.of(node, leasePrefix));
        log.debug("{}: node {} left, releasing {} nicks", target.display(), node, released);
    }

    /**
     * Cuts the connections rather than unsubscribing politely, so that a hung Redis cannot keep a
     * {@link #listen} waiting.
     */
    @Override
    public void close() {
        closed = true;
        disconnect(listener);
        disconnect(publisher);
        pool.close();
    }

    /*
     * EVAL rather than EVALSHA: the scripts are a few hundred bytes, Redis caches them by their hash
     * anyway, and there is no NOSCRIPT to handle after a Redis restart.
     */
    private long eval(String script, List<String> keys, List<String> args) throws IOException {
        try {
            return (Long) pool.eval(script, keys, args);
        } catch (JedisException e) {
            throw failure(e);
        }
    }

    private Jedis connect(JedisClientConfig config) throws IOException {
        try {
            return new Jedis(target.address(), config);
        } catch (JedisException e) {
            throw failure(e);
        }
    }

    private JedisClientConfig clientConfig(int blockingTimeoutMillis) {
        return DefaultJedisClientConfig.builder()
                // RESP2, no HELLO: what every Redis speaks, and what Jedis's pub/sub reads
                .serverDefaultProtocol()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(blockingTimeoutMillis)
                .user(target.user())
                .password(target.password())
                .database(target.database())
                .build();
    }

    /**
     * Closes the socket at once, without flushing or QUIT: safe on a broken connection, and from another
     * thread, whose blocked read then ends.
     */
    private static void disconnect(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.getConnection().forceDisconnect();
            } catch (IOException | RuntimeException e) {
                log.debug("closing a Redis connection: {}", e.toString());
            }
        }
    }

    /**
     * The IOException for a Jedis failure: the server, then the innermost reason, which names what went
     * wrong ("Connection refused"). A broken connection also empties the pool of idle connections:
     * when one is dead (Redis restarted, or the way to it broke) the others are too, and claims would
     * otherwise fail on them one by one after Redis is back. (The alternative, a PING on every borrow,
     * costs a round trip per claim and logs a stack trace per dead connection.)
     */
    private IOException failure(Exception e) {
        if (e instanceof JedisConnectionException) {
            pool.getPool().clear();
        }
        Throwable root = e;
        for (Throwable next = root; next != null; next = next.getCause() != null ? next.getCause()
                : next.getSuppressed().length > 0 ? next.getSuppressed()[0] : null) {
            root = next;
        }
        String reason = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName()
                : root.getMessage().strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.$", "");
        return new IOException(target.display() + ": " + reason, e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static int millis(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a Redis timeout must be positive, not " + d);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static Target target(URI uri) {
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("redis")) {
            throw new IllegalArgumentException("a Redis URI starts with redis://, as in redis://HOST:PORT");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a Redis URI needs a host, as in redis://HOST:PORT");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a Redis URI takes no ?query or #fragment");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            if (!path.matches("/[0-9]{1,5}")) {
                throw new IllegalArgumentException("the path of a Redis URI is a database number, as in "
                        + "redis://HOST:PORT/0");
            }
            database = Integer.parseInt(path.substring(1));
        }
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        // Brackets belong to an IPv6 literal in a URI, not in an address to connect to.
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String display = "redis://" + host.toLowerCase(Locale.ROOT) + ":" + port
                + (database == 0 ? "" : "/" + database);
        return new Target(new HostAndPort(address, port), user, password, database, display);
    }
}
