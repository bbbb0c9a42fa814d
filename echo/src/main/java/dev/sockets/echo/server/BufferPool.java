package dev.sockets.echo.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Reuses direct buffers across connections: allocating direct memory is slow and it is only freed by
 * the garbage collector, so connection churn would otherwise pile it up. Keeps at most {@code retained}
 * idle buffers; beyond that a returned buffer is simply dropped. Thread-safe.
 */
final class BufferPool {

    private final int size;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    BufferPool(int size, int retained) {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(retained);
    }

    /** A cleared buffer of {@code size} bytes, owned by the caller until {@link #give}. */
    ByteBuffer take() {
        ByteBuffer b = idle.poll();
        return b != null ? b : ByteBuffer.allocateDirect(size);
    }

    void give(ByteBuffer b) {
        b.clear();
        idle.offer(b);
    }
}
