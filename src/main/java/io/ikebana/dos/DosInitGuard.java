package io.ikebana.dos;

import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.queue.Priority;
import io.ikebana.dos.queue.WorkClass;
import io.ikebana.ike.InitGuard;
import io.ikebana.ike.Packet;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.PsPayload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.Transform;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Connects the {@link DosGuard} to the engine's {@link InitGuard} port. */
public final class DosInitGuard implements InitGuard {
    private final DosGuard guard;

    public DosInitGuard(DosGuard guard) {
        this.guard = guard;
    }

    public DosGuard guard() {
        return guard;
    }

    @Override
    public boolean screen(Packet p) {
        return guard.screen(new InboundDatagram(p.remote().getAddress(), p.remote().getPort(),
                p.local().getAddress(), p.tcp() ? Transport.TCP : Transport.UDP, p.data())).isPass();
    }

    @Override
    public Decision admit(Packet p, IkeMessage m) {
        InitDecision d = guard.admitInit(request(p, m));
        if (d instanceof InitDecision.Accept a) {
            byte[] authPuzzle = null;
            Optional<PuzzleChallenge> c = guard.authPuzzleFor(a, prfs(m));
            if (c.isPresent()) {
                authPuzzle = c.get().notifyData();
            }
            return new Decision.Accept(rank(a.priority()), authPuzzle);
        }
        if (d instanceof InitDecision.RequireCookie c) {
            return new Decision.Challenge(c.cookie(), null);
        }
        if (d instanceof InitDecision.RequirePuzzle z) {
            return new Decision.Challenge(z.cookie(), z.puzzle().notifyData());
        }
        return new Decision.Drop(((InitDecision.Drop) d).reason().name());
    }

    /** Solved puzzles (harder first) before cookies before plain requests (RFC 8019 §7.1.4). */
    static int rank(Priority p) {
        int classes = WorkClass.AUTH.ordinal();
        return (classes - p.workClass().ordinal()) * 0x10000 + (0xFFFF - p.level());
    }

    @Override
    public void halfOpenCreated(Packet p, IkeMessage m) {
        guard.halfOpenCreated(request(p, m));
    }

    @Override
    public boolean halfOpenRoom() {
        return guard.halfOpenRoom();
    }

    @Override
    public void halfOpenRemoved(InetSocketAddress peer) {
        guard.halfOpenRemoved(peer.getAddress());
    }

    @Override
    public long halfOpenTimeoutMillis(InetSocketAddress peer, long configured) {
        return Math.min(configured, guard.halfOpenTimeout(peer.getAddress()).toMillis());
    }

    @Override
    public boolean checkAuthPuzzle(byte[] puzzle, byte[] nr, long spiR, byte[] ps) {
        Optional<PuzzleChallenge> c = PuzzleChallenge.parse(puzzle);
        return c.isPresent() && guard.checkAuthPuzzle(c.get(), nr, spiR, ps).isPass();
    }

    @Override
    public void ikeAuthFailed(InetSocketAddress peer) {
        guard.ikeAuthFailed(peer.getAddress());
    }

    private static InitRequest request(Packet p, IkeMessage m) {
        byte[] cookie = null;
        List<Payload> ps = m.payloads();
        // RFC 7296 §2.6: the cookie is the first payload of the retried request
        if (!ps.isEmpty() && ps.get(0) instanceof NotifyPayload n && n.notifyType() == NotifyType.COOKIE.code()) {
            cookie = n.data();
        }
        PsPayload solution = m.first(PsPayload.class);
        NoncePayload ni = m.first(NoncePayload.class);
        return new InitRequest(p.remote().getAddress(), p.remote().getPort(), p.local().getAddress(),
                p.tcp() ? Transport.TCP : Transport.UDP, m.header().spiI(), ni.data(), cookie,
                solution == null ? null : solution.data(), prfs(m));
    }

    private static List<Integer> prfs(IkeMessage m) {
        Set<Integer> out = new LinkedHashSet<>();
        SaPayload sa = m.first(SaPayload.class);
        if (sa != null) {
            for (Proposal p : sa.proposals()) {
                for (Transform t : p.ofType(Transform.PRF)) {
                    out.add(t.id());
                }
            }
        }
        return new ArrayList<>(out);
    }
}
