package io.ikebana.transport.tcp;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A TCP Originator's logical connection for one IKE SA (RFC 9329 §6.1): the stream that carries
 * it now, or none while it reconnects. Frames sent without a stream wait in a bounded queue and
 * trigger a connection; frames for another gateway address move the session there. A broken
 * stream is reported once, so the client can tell the gateway where it is now (§6.3.1 advice:
 * UPDATE_SA_ADDRESSES or an empty INFORMATIONAL).
 */
final class TcpSession {
    private final TcpClient owner;
    private final InetSocketAddress key;
    private InetSocketAddress remote;
    private TcpStream stream;
    private boolean connecting;
    private boolean closed;
    private int connections;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private int queued;

    TcpSession(TcpClient owner, InetSocketAddress key, InetSocketAddress remote) {
        this.owner = owner;
        this.key = key;
        this.remote = remote;
    }

    InetSocketAddress key() {
        return key;
    }

    synchronized InetSocketAddress remote() {
        return remote;
    }

    synchronized boolean connected() {
        return stream != null && !stream.isClosed();
    }

    synchronized int connections() {
        return connections;
    }

    /** Takes a freshly connected socket as the session's stream and sends what waited. */
    synchronized void attach(NetSocket socket, boolean reconnection) {
        connecting = false;
        if (closed) {
            socket.close();
            return;
        }
        connections++;
        stream = owner.stream(socket, this, remote);
        while (!queue.isEmpty()) {
            stream.write(queue.poll());
        }
        queued = 0;
    }

    void send(InetSocketAddress to, Buffer frame) {
        TcpStream current;
        synchronized (this) {
            if (closed) {
                owner.metrics().dropped(TcpMetrics.Drop.NO_STREAM);
                return;
            }
            if (!to.equals(remote)) {
                // a redirect or a move between members: the originator reconnects there
                remote = to;
                if (stream != null) {
                    TcpStream old = stream;
                    stream = null;
                    old.close(CloseReason.LOCAL);
                }
            }
            current = stream != null && !stream.isClosed() ? stream : null;
            if (current == null) {
                if (queued + frame.length() > owner.queueBytes()) {
                    owner.metrics().dropped(TcpMetrics.Drop.WRITE_QUEUE_FULL);
                } else {
                    queue.add(frame);
                    queued += frame.length();
                }
                if (!connecting) {
                    connecting = true;
                    InetSocketAddress target = remote;
                    owner.connect(target).onComplete(ar -> {
                        if (ar.succeeded()) {
                            attach(ar.result(), true);
                        } else {
                            failed();
                        }
                    });
                }
                return;
            }
        }
        current.write(frame);
    }

    private synchronized void failed() {
        connecting = false;
        for (int i = queue.size(); i > 0; i--) {
            owner.metrics().dropped(TcpMetrics.Drop.NO_STREAM);
        }
        queue.clear();
        queued = 0;
    }

    /** The stream ended; tells the client unless we ended it on purpose. */
    void lost(TcpStream s) {
        boolean report;
        synchronized (this) {
            if (s != stream) {
                return;
            }
            stream = null;
            report = !closed && s.closeReason() != CloseReason.LOCAL;
        }
        if (report) {
            owner.down(key);
        }
    }

    void reset() {
        TcpStream s;
        synchronized (this) {
            s = stream;
        }
        if (s != null) {
            s.close(CloseReason.ERROR);
        }
    }

    void close() {
        TcpStream s;
        synchronized (this) {
            closed = true;
            s = stream;
            stream = null;
            queue.clear();
        }
        if (s != null) {
            s.close(CloseReason.LOCAL);
        }
    }
}
