package io.ikebana.bench;

import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.Identity;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CpAttribute;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.TsPayload;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;

/**
 * The IKE_AUTH exchange of the load test, as payload lists: what strongSwan 5.9's initiator sends
 * with PSK, a virtual IP and one Child SA ({@code IDi N(INIT_CONTACT) IDr AUTH CPRQ(ADDR DNS) SA TSi
 * TSr N(MOBIKE_SUP) N(NO_ADD_ADDR) N(MULT_AUTH) N(EAP_ONLY) N(MSG_ID_SYN_SUP)}) and what our
 * responder answers ({@code IDr AUTH CPRP(ADDR) SA TSi TSr N(MOBIKE_SUP) N(MSG_ID_SYN_SUP)}),
 * both protected with AES-GCM-256 (16-octet ICV). Key material is random: only sizes matter.
 */
final class IkeAuthMessages {
    /** RFC 4739 MULTIPLE_AUTH_SUPPORTED, which we do not model as a {@link NotifyType}. */
    private static final int MULTIPLE_AUTH_SUPPORTED = 16404;

    final long spiI;
    final long spiR;
    final IkeHeader requestHeader;
    final IkeHeader responseHeader;
    final List<Payload> request;
    final List<Payload> response;

    IkeAuthMessages(SecureRandom random) {
        spiI = random.nextLong();
        spiR = random.nextLong();
        requestHeader = IkeHeader.of(spiI, spiR, ExchangeType.IKE_AUTH, false, true, 1);
        responseHeader = IkeHeader.of(spiI, spiR, ExchangeType.IKE_AUTH, true, false, 1);
        byte[] psk1 = new byte[32];
        byte[] psk2 = new byte[32];
        random.nextBytes(psk1);
        random.nextBytes(psk2);
        Identity idi = Identity.parse("c1-1@ssw.test");
        Identity idr = Identity.parse("gw.ssw.test");
        Proposal esp = CryptoProposal.parse("aes256gcm16", true).toWire(1, Proposal.PROTO_ESP,
                new byte[] {(byte) 0xc1, 0x23, 0x45, 0x67});
        TrafficSelector any4 = TrafficSelector.any(false);
        TrafficSelector net;
        TrafficSelector vip;
        try {
            net = TrafficSelector.ofSubnet(InetAddress.getByName("10.99.200.0"), 24);
            vip = TrafficSelector.ofAddress(InetAddress.getByName("10.128.0.1"));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        request = List.of(
                new IdPayload(true, idi.type(), idi.data()),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT),
                new IdPayload(false, idr.type(), idr.data()),
                new AuthPayload(AuthPayload.PSK, psk1),
                new CpPayload(CpPayload.CFG_REQUEST, List.of(
                        new CpAttribute(CpAttribute.INTERNAL_IP4_ADDRESS, new byte[0]),
                        new CpAttribute(CpAttribute.INTERNAL_IP4_DNS, new byte[0]))),
                new SaPayload(List.of(esp)),
                new TsPayload(true, List.of(any4)),
                new TsPayload(false, List.of(net)),
                NotifyPayload.of(NotifyType.MOBIKE_SUPPORTED),
                NotifyPayload.of(NotifyType.NO_ADDITIONAL_ADDRESSES),
                new NotifyPayload(0, new byte[0], MULTIPLE_AUTH_SUPPORTED, new byte[0]),
                NotifyPayload.of(NotifyType.EAP_ONLY_AUTHENTICATION),
                NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
        response = List.of(
                new IdPayload(false, idr.type(), idr.data()),
                new AuthPayload(AuthPayload.PSK, psk2),
                new CpPayload(CpPayload.CFG_REPLY, List.of(
                        new CpAttribute(CpAttribute.INTERNAL_IP4_ADDRESS, new byte[] {10, (byte) 128, 0, 1}))),
                new SaPayload(List.of(CryptoProposal.parse("aes256gcm16", true).toWire(1, Proposal.PROTO_ESP,
                        new byte[] {(byte) 0xc9, (byte) 0x87, 0x65, 0x43}))),
                new TsPayload(true, List.of(vip)),
                new TsPayload(false, List.of(net)),
                NotifyPayload.of(NotifyType.MOBIKE_SUPPORTED),
                NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
    }

    /** SK_e for AES-GCM-256: 32 octets of key and 4 of salt (RFC 5282 §7.1). */
    static SkCipher aesGcm256(byte[] skE, SecureRandom random) {
        return new SkCipher(EncrAlgorithm.AES_GCM_16, IntegAlgorithm.NONE, skE, new byte[0], random);
    }
}
