/**
 * User-space ESP data plane: RFC 4303 tunnel mode over UDP encapsulation (RFC 3948), AES-GCM-16
 * (RFC 4106) and AES-CBC + HMAC-SHA2 (RFC 3602, RFC 4868), 32/64-bit sequence numbers, anti-replay
 * windows, lifetimes and traffic-selector based SA selection. {@link io.ikebana.esp.EspDataPlane}
 * is the façade; the IKE engine feeds it {@link io.ikebana.esp.ChildSaSpec}s and hears back through
 * {@link io.ikebana.esp.ChildSaListener}; the UDP transport calls
 * {@link io.ikebana.esp.EspDataPlane#onInbound} and implements {@link io.ikebana.esp.EspSender}.
 *
 * <h2>Threading model</h2>
 *
 * <ul>
 *   <li><b>Inbound</b> ({@code onInbound}) runs on the caller's thread, normally the UDP transport's
 *       receive event loop; several receive threads may call it concurrently. The SPI lookup is a
 *       lock-free hash table read. It decrypts in place in the caller's buffer and writes the inner
 *       packet to the device ({@link io.ikebana.esp.io.PacketIo#write} is thread-safe and never
 *       waits for the reader).</li>
 *   <li><b>Outbound</b> runs on the device's single reader thread (the TUN reader, or the thread
 *       calling {@code MemoryPacketIo.inject}): selector lookup (lock-free), encryption into the
 *       outbound processor's own output buffer, then {@link io.ikebana.esp.EspSender#send}, which
 *       must copy or finish with the buffer before returning.</li>
 *   <li><b>Per-SA state</b> — the JCA {@code Cipher}/{@code Mac} objects (not thread-safe), the replay
 *       window and the sequence counter — belongs to one SA direction and is touched only by the
 *       thread holding that direction's single-writer guard, a non-blocking compare-and-set flag.
 *       Normally each direction has one thread (the receive loop a peer's datagrams hash to, the
 *       reader thread), so the guard is always free; should two threads meet on one SA direction,
 *       the loser drops its packet and counts {@code CONCURRENT_USE} rather than wait. Inbound and
 *       outbound of one SA never contend. There is no lock shared between threads on either packet
 *       path, and the two paths never wait for each other.</li>
 *   <li><b>Control</b> ({@code install}, {@code remove}, {@code updateRemote}, {@code tick},
 *       {@code stats}, {@code close}) may come from any thread; these serialize on a control monitor
 *       the packet paths never take, and publish through volatile fields and the lock-free tables
 *       (immutable bucket chains replaced as a whole).</li>
 *   <li><b>Events</b> reach the {@link io.ikebana.esp.ChildSaListener} from whichever thread crossed
 *       a limit (either packet path, or the {@code tick} caller), at most once per SA and kind
 *       (atomic flags), outside any guard.</li>
 *   <li>Per-SA counters have a single writer and are published with opaque writes; drop counters are
 *       atomic. {@link io.ikebana.esp.EspMetrics} implementations must be thread-safe.</li>
 * </ul>
 *
 * <h2>Allocation</h2>
 *
 * Our code allocates nothing per packet. SunJCE does: each {@code Cipher.init} takes a fresh
 * {@code GCMParameterSpec}/{@code IvParameterSpec} and builds per-init state (about 1.1 KB per GCM
 * packet), and in-place CBC makes it copy the input; measured in {@code docs/esp-notes.md}.
 */
package io.ikebana.esp;
