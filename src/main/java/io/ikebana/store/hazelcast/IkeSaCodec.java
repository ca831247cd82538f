package io.ikebana.store.hazelcast;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaState;
import io.ikebana.ike.EspSuite;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.ike.IkeSuite;
import io.ikebana.ike.MessageWindow;
import io.ikebana.store.hazelcast.RecordBytes.FormatException;
import io.ikebana.store.hazelcast.RecordBytes.Reader;
import io.ikebana.store.hazelcast.RecordBytes.Writer;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The plaintext of an IKE SA record: a compact, versioned binary encoding of every field of
 * {@link IkeSa}. Algorithms are written by their IANA transform IDs; enums by the position in the
 * tables below, which are append-only (a new constant goes at the end, never in between). The
 * first octet is the format version; a reader refuses versions it does not know.
 *
 * <p>The output holds key material in clear: it is only ever handed to {@link RecordCipher}.
 */
public final class IkeSaCodec {
    /** Format 1: the layout below. */
    public static final int FORMAT = 2;

    private static final IkeSaState[] STATES = {
        IkeSaState.ESTABLISHED, IkeSaState.REKEYING, IkeSaState.REKEYED, IkeSaState.DELETING,
    };
    private static final IkeExtension[] EXTENSIONS = {
        IkeExtension.FRAGMENTATION, IkeExtension.MOBIKE, IkeExtension.REDIRECT, IkeExtension.MESSAGE_ID_SYNC,
        IkeExtension.CLONE, IkeExtension.SIGNATURE_HASH, IkeExtension.NAT_T, IkeExtension.TCP,
    };
    private static final ChildSaState.Status[] CHILD_STATUS = {
        ChildSaState.Status.INSTALLED, ChildSaState.Status.REKEYING, ChildSaState.Status.REKEYED,
        ChildSaState.Status.DELETING,
    };

    static {
        // a new enum constant must be added to the tables (at the end) before it can be stored
        if (STATES.length != IkeSaState.values().length || EXTENSIONS.length != IkeExtension.values().length
                || CHILD_STATUS.length != ChildSaState.Status.values().length) {
            throw new ExceptionInInitializerError("IkeSaCodec tables are missing enum constants");
        }
    }

    private IkeSaCodec() {
    }

    public static byte[] encode(IkeSa sa) {
        Writer w = new Writer();
        w.u8(FORMAT);
        w.i64(sa.spiI()).i64(sa.spiR()).bool(sa.originalInitiator());
        w.u8(indexOf(STATES, sa.state()));
        IkeSuite s = sa.suite();
        w.u16(s.encr().id()).u16(s.encrKeyBits()).u16(s.prf().id()).u16(s.integ() == null ? 0 : s.integ().id())
                .u16(s.dh() == null ? 0 : s.dh().id());
        for (Secret k : List.of(sa.skD(), sa.skAi(), sa.skAr(), sa.skEi(), sa.skEr())) {
            w.bytes(k.bytes());
        }
        identity(w, sa.localId());
        identity(w, sa.remoteId());
        w.string(sa.peerName());
        endpoint(w, sa.local());
        endpoint(w, sa.remote());
        int ext = 0;
        for (IkeExtension e : sa.extensions()) {
            ext |= 1 << indexOf(EXTENSIONS, e);
        }
        w.varint(ext);
        MessageWindow win = sa.window();
        w.i64(win.nextRequestId()).i64(win.expectedRequestId()).nullableBytes(win.lastRequestDigest());
        w.varint(win.lastResponse().size());
        for (byte[] r : win.lastResponse()) {
            w.bytes(r);
        }
        w.varint(sa.children().size());
        for (ChildSaState c : sa.children()) {
            child(w, c);
        }
        addresses(w, sa.virtualIps());
        addresses(w, sa.peerAdditionalAddresses());
        w.i64(sa.createdMillis()).i64(sa.rekeyAtMillis()).i64(sa.expireAtMillis()).i64(sa.lastInboundMillis());
        w.string(sa.owner()).i64(sa.version()).i64(sa.clonedFrom());
        w.bool(sa.mobikeInitiator()); // format 2

        return w.toByteArray();
    }

    public static IkeSa decode(byte[] record) {
        Reader r = new Reader(record);
        int format = r.u8();
        // format 1 (no MOBIKE initiator flag: it was the original initiator) is still read
        if (format != FORMAT && format != 1) {
            throw new FormatException("unknown IKE SA record format " + format);
        }
        long spiI = r.i64();
        long spiR = r.i64();
        boolean originalInitiator = r.bool();
        IkeSaState state = at(STATES, r.u8(), "state");
        EncrAlgorithm encr = known(EncrAlgorithm.byId(r.u16()), "encryption algorithm");
        int bits = r.u16();
        PrfAlgorithm prf = known(PrfAlgorithm.byId(r.u16()), "PRF");
        int integId = r.u16();
        IntegAlgorithm integ = known(IntegAlgorithm.byId(integId), "integrity algorithm");
        int dhId = r.u16();
        DhGroup dh = dhId == 0 ? null : known(DhGroup.byId(dhId), "DH group");
        IkeSa sa = new IkeSa(spiI, spiR, originalInitiator, new IkeSuite(encr, bits, prf, integ, dh),
                Secret.wrap(r.bytes()), Secret.wrap(r.bytes()), Secret.wrap(r.bytes()), Secret.wrap(r.bytes()),
                Secret.wrap(r.bytes()));
        sa.state(state);
        Identity local = identity(r);
        Identity remote = identity(r);
        sa.identities(local, remote);
        sa.peerName(r.string());
        InetSocketAddress le = endpoint(r);
        InetSocketAddress re = endpoint(r);
        sa.endpoints(le, re);
        int ext = r.varint();
        for (int i = 0; i < EXTENSIONS.length; i++) {
            if ((ext & (1 << i)) != 0) {
                sa.extensions().add(EXTENSIONS[i]);
            }
        }
        long next = r.i64();
        long expected = r.i64();
        byte[] digest = r.nullableBytes();
        int nResp = r.count(1);
        List<byte[]> resp = new ArrayList<>(nResp);
        for (int i = 0; i < nResp; i++) {
            resp.add(r.bytes());
        }
        sa.window().restore(next, expected, digest, resp);
        int nChildren = r.count(8);
        for (int i = 0; i < nChildren; i++) {
            sa.children().add(child(r));
        }
        sa.virtualIps().addAll(addresses(r));
        sa.peerAdditionalAddresses().addAll(addresses(r));
        sa.createdMillis(r.i64());
        sa.rekeyAtMillis(r.i64());
        sa.expireAtMillis(r.i64());
        sa.lastInboundMillis(r.i64());
        String owner = r.string();
        sa.owner(owner == null ? "" : owner);
        sa.version(r.i64());
        sa.clonedFrom(r.i64());
        if (format >= 2) {
            sa.mobikeInitiator(r.bool());
        }
        r.end();
        return sa;
    }

    private static void child(Writer w, ChildSaState c) {
        w.i32(c.inboundSpi()).i32(c.outboundSpi());
        EspSuite s = c.suite();
        w.u16(s.encr().id()).u16(s.encrKeyBits()).u16(s.integ() == null ? 0 : s.integ().id()).bool(s.esn())
                .u16(s.pfs() == null ? 0 : s.pfs().id());
        selectors(w, c.localTs());
        selectors(w, c.remoteTs());
        w.string(c.member()).i64(c.createdMillis()).i64(c.rekeyAtMillis()).i64(c.expireAtMillis());
        w.u8(indexOf(CHILD_STATUS, c.status()));
    }

    private static ChildSaState child(Reader r) {
        int in = r.i32();
        int out = r.i32();
        EncrAlgorithm encr = known(EncrAlgorithm.byId(r.u16()), "ESP encryption algorithm");
        int bits = r.u16();
        IntegAlgorithm integ = known(IntegAlgorithm.byId(r.u16()), "ESP integrity algorithm");
        boolean esn = r.bool();
        int pfsId = r.u16();
        DhGroup pfs = pfsId == 0 ? null : known(DhGroup.byId(pfsId), "PFS group");
        List<TrafficSelector> lts = selectors(r);
        List<TrafficSelector> rts = selectors(r);
        String member = r.string();
        ChildSaState c = new ChildSaState(in, out, new EspSuite(encr, bits, integ, esn, pfs), lts, rts, member,
                r.i64(), r.i64(), r.i64());
        c.status(at(CHILD_STATUS, r.u8(), "child status"));
        return c;
    }

    private static void selectors(Writer w, List<TrafficSelector> ts) {
        w.varint(ts.size());
        for (TrafficSelector t : ts) {
            w.u8(t.tsType()).u8(t.ipProtocol()).u16(t.startPort()).u16(t.endPort()).bytes(t.start()).bytes(t.end());
        }
    }

    private static List<TrafficSelector> selectors(Reader r) {
        int n = r.count(8);
        List<TrafficSelector> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TrafficSelector(r.u8(), r.u8(), r.u16(), r.u16(), r.bytes(), r.bytes()));
        }
        return out;
    }

    private static void identity(Writer w, Identity id) {
        if (id == null) {
            w.u8(0);
            return;
        }
        w.u8(1).u8(id.type()).bytes(id.data());
    }

    private static Identity identity(Reader r) {
        return r.bool() ? new Identity(r.u8(), r.bytes()) : null;
    }

    private static void endpoint(Writer w, InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            w.u8(0);
            return;
        }
        w.u8(1).bytes(a.getAddress().getAddress()).u16(a.getPort());
    }

    private static InetSocketAddress endpoint(Reader r) {
        if (!r.bool()) {
            return null;
        }
        InetAddress a = address(r.bytes());
        return new InetSocketAddress(a, r.u16());
    }

    private static void addresses(Writer w, List<InetAddress> list) {
        w.varint(list.size());
        for (InetAddress a : list) {
            w.bytes(a.getAddress());
        }
    }

    private static List<InetAddress> addresses(Reader r) {
        int n = r.count(5);
        List<InetAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(address(r.bytes()));
        }
        return out;
    }

    private static InetAddress address(byte[] b) {
        if (b.length != 4 && b.length != 16) {
            throw new FormatException("address of " + b.length + " octets");
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new FormatException("bad address");
        }
    }

    private static <T> int indexOf(T[] table, T v) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("no record code for " + v);
    }

    private static <T> T at(T[] table, int i, String what) {
        if (i >= table.length) {
            throw new FormatException("unknown " + what + " code " + i);
        }
        return table[i];
    }

    private static <T> T known(T v, String what) {
        if (v == null) {
            throw new FormatException("unknown " + what);
        }
        return v;
    }
}
