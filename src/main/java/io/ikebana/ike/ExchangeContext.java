package io.ikebana.ike;

import io.ikebana.wire.IkeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One exchange step on a checked-out IKE SA: the message being handled and what should happen
 * once the SA is written back (data-plane installs, new SAs to store, events).
 */
public final class ExchangeContext {
    private final IkeEngine engine;
    private final IkeSa sa;
    private final LocalSa local;
    private final IkeMessage message;
    private final Packet packet;
    private boolean destroy;
    private String destroyReason;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<IkeSa> created = new ArrayList<>();

    ExchangeContext(IkeEngine engine, IkeSa sa, LocalSa local, IkeMessage message, Packet packet) {
        this.engine = engine;
        this.sa = sa;
        this.local = local;
        this.message = message;
        this.packet = packet;
    }

    public IkeEngine engine() {
        return engine;
    }

    public IkeSa sa() {
        return sa;
    }

    public LocalSa local() {
        return local;
    }

    /** The request (responder) or the response (initiator); null while building a request. */
    public IkeMessage message() {
        return message;
    }

    public Packet packet() {
        return packet;
    }

    /** Deletes the IKE SA (and its Child SAs) when the exchange is committed. */
    public void destroyIkeSa(String reason) {
        this.destroy = true;
        this.destroyReason = reason;
    }

    public boolean destroying() {
        return destroy;
    }

    public String destroyReason() {
        return destroyReason;
    }

    public void afterCommit(Runnable r) {
        afterCommit.add(r);
    }

    List<Runnable> afterCommit() {
        return afterCommit;
    }

    /** A new IKE SA (rekey, clone) to store together with this exchange. */
    public void created(IkeSa newSa) {
        created.add(newSa);
    }

    List<IkeSa> created() {
        return created;
    }
}
