package io.ikebana.ike.task;

import io.ikebana.ike.ExchangeContext;
import io.ikebana.ike.InitiatorExchange;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces the gateway's other addresses to a MOBIKE peer (RFC 4555 §3.6): INFORMATIONAL
 * SK{N(ADDITIONAL_IP4/6_ADDRESS)...}. Used before an IKE SA in TCP moves to another member: the
 * new member, a TCP Responder, cannot open a stream to the client (RFC 9329 §6.1), so the member
 * the client is connected to names the new member's address, and the client reconnects there when
 * its stream closes (redirect-fragmentation-tcp.md C.5, mobike.md §10). {@code answered} runs
 * after the peer acknowledged the list.
 */
public final class AnnounceAddressesExchange implements InitiatorExchange {
    private final List<InetAddress> addresses;
    private final Runnable answered;

    public AnnounceAddressesExchange(List<InetAddress> addresses, Runnable answered) {
        this.addresses = List.copyOf(addresses);
        this.answered = answered;
    }

    @Override
    public ExchangeType type() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public List<Payload> request(ExchangeContext ctx) {
        List<Payload> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            out.add(NotifyPayload.of(a instanceof Inet6Address ? NotifyType.ADDITIONAL_IP6_ADDRESS
                    : NotifyType.ADDITIONAL_IP4_ADDRESS, a.getAddress()));
        }
        // RFC 4555 §3.6: an empty list is said with NO_ADDITIONAL_ADDRESSES
        return out.isEmpty() ? List.of(NotifyPayload.of(NotifyType.NO_ADDITIONAL_ADDRESSES)) : out;
    }

    @Override
    public void response(ExchangeContext ctx) {
        ctx.afterCommit(answered);
    }
}
