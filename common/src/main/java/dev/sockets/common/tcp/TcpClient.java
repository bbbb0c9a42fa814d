package dev.sockets.common.tcp;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Active open: connect to an endpoint. */
public final class TcpClient {

    private TcpClient() {
    }

    /**
     * Connects to {@code server} within {@code timeout}. The returned connection is blocking, has
     * TCP_NODELAY on (request/response protocols want it) and belongs to the caller, who closes it.
     *
     * @throws IOException with a one-line message ({@code connection refused by 127.0.0.1:7}, {@code
     *     timed out after 5s connecting to ...})
     */
    public static Connection connect(Endpoint server, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(server.toSocketAddress(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new Connection(channel);
        } catch (SocketTimeoutException e) {
            channel.close();
            throw new SocketTimeoutException("timed out after " + format(timeout) + " connecting to " + server);
        } catch (ConnectException e) {
            channel.close();
            String why = e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            throw new ConnectException("cannot connect to " + server + ": " + why
                    + (why.contains("refused") ? " (is the server running on that port?)" : ""));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot connect to " + server + ": " + e.getMessage(), e);
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
