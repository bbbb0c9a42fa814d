package dev.sockets.common.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@linkplain Connection#onLoop loop connection}'s non-blocking socket and its side of the
 * {@link EventLoop}: reads and writes that park their virtual thread until the loop's selector finds the
 * socket ready. The selection key is registered once and touched only on the loop's thread (the connection's
 * one thread runs there); another thread only closes.
 */
final class LoopSocket {

    private final EventLoop loop;
    private final SocketChannel channel;
    private final AtomicBoolean closed;
    private SelectionKey key;
    private volatile Thread waiter;
    // The last read left room in its buffer, so the socket is most likely empty: the next read waits for the
    // selector first instead of making a read call that finds nothing (Netty's heuristic; level-triggered, so
    // bytes that came meanwhile are reported at once).
    private boolean drained;

    LoopSocket(EventLoop loop, SocketChannel channel, AtomicBoolean closed) {
        this.loop = loop;
        this.channel = channel;
        this.closed = closed;
    }

    int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (drained) {
            await(SelectionKey.OP_READ);
        }
        int n;
        while ((n = channel.read(dst)) == 0) {
            await(SelectionKey.OP_READ);
        }
        drained = n > 0 && dst.hasRemaining();
        return n;
    }

    void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    void write(ByteBuffer[] srcs, long total) throws IOException {
        long left = total;
        while (left > 0) {
            long n = channel.write(srcs);
            left -= n;
            if (n == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Parks the calling virtual thread until the loop finds the socket ready for {@code op}, or it closes. */
    private void await(int op) throws IOException {
        try {
            if (key == null) {
                key = channel.register(loop.selector(), op, this);
            } else if (key.interestOps() != op) {
                key.interestOps(op);
            }
        } catch (CancelledKeyException e) {
            throw new ClosedChannelException();
        }
        waiter = Thread.currentThread();
        if (closed.get()) { // closed() may have looked before waiter was set
            waiter = null;
            throw new ClosedChannelException();
        }
        LockSupport.park(this);
        waiter = null;
    }

    /** On the loop's thread: the selector found the socket ready. */
    void ready(SelectionKey selected) {
        Thread w = waiter;
        if (w != null) {
            waiter = null;
            LockSupport.unpark(w);
        } else {
            try {
                // Nobody waits (the handler is busy elsewhere): not reported again until someone does.
                selected.interestOps(0);
            } catch (CancelledKeyException e) {
                // closed meanwhile: nothing to report any more
            }
        }
    }

    /** After the connection closed (any thread): a waiting read or write fails, the descriptor goes now. */
    void closed() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        loop.wakeup(); // the selector closes a registered socket's descriptor at its next select
    }
}
