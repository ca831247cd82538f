package io.ikebana.bench;

import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.codec.PayloadChain;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding of the load test's IKE_AUTH messages ({@link IkeAuthMessages}) with
 * AES-GCM-256, through the same calls the engine makes: {@link MessageEncoder#protect} (payloads
 * to octets, random IV, seal) and {@link MessageDecoder#protectedMessage} (header checks, open,
 * payloads). The {@code payloads*} variants leave out the SK protection to show what the
 * payload codec alone costs. Average time per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IkeAuthCodecBenchmark {

    private IkeAuthMessages messages;
    private SkCipher initiatorOut;
    private SkCipher responderIn;
    private SkCipher responderOut;
    private SkCipher initiatorIn;
    private byte[] requestOctets;
    private byte[] responseOctets;
    private byte[] requestContent;
    private int requestFirst;

    @Setup(Level.Trial)
    public void setUp() {
        SecureRandom random = new SecureRandom();
        messages = new IkeAuthMessages(random);
        byte[] skEi = new byte[36];
        byte[] skEr = new byte[36];
        random.nextBytes(skEi);
        random.nextBytes(skEr);
        initiatorOut = IkeAuthMessages.aesGcm256(skEi, random);
        responderIn = IkeAuthMessages.aesGcm256(skEi, random);
        responderOut = IkeAuthMessages.aesGcm256(skEr, random);
        initiatorIn = IkeAuthMessages.aesGcm256(skEr, random);
        requestOctets = MessageEncoder.protect(messages.requestHeader, java.util.List.of(), messages.request,
                initiatorOut);
        responseOctets = MessageEncoder.protect(messages.responseHeader, java.util.List.of(), messages.response,
                responderOut);
        WireWriter w = new WireWriter(512);
        PayloadChain.encode(w, messages.request, 0);
        requestContent = w.toByteArray();
        requestFirst = PayloadChain.firstType(messages.request, 0);
        if (!(MessageDecoder.protectedMessage(requestOctets, responderIn, null) instanceof DecodeResult.Ok)
                || !(MessageDecoder.protectedMessage(responseOctets, initiatorIn, null) instanceof DecodeResult.Ok)) {
            throw new IllegalStateException("IKE_AUTH fixture does not decode");
        }
    }

    @Benchmark
    public byte[] encodeRequest() {
        return MessageEncoder.protect(messages.requestHeader, java.util.List.of(), messages.request, initiatorOut);
    }

    @Benchmark
    public DecodeResult decodeRequest() {
        return MessageDecoder.protectedMessage(requestOctets, responderIn, null);
    }

    @Benchmark
    public byte[] encodeResponse() {
        return MessageEncoder.protect(messages.responseHeader, java.util.List.of(), messages.response, responderOut);
    }

    @Benchmark
    public DecodeResult decodeResponse() {
        return MessageDecoder.protectedMessage(responseOctets, initiatorIn, null);
    }

    @Benchmark
    public byte[] payloadsEncodeRequest() {
        WireWriter w = new WireWriter(512);
        PayloadChain.encode(w, messages.request, 0);
        return w.toByteArray();
    }

    @Benchmark
    public PayloadChain.Result payloadsDecodeRequest() {
        return PayloadChain.decode(requestContent, 0, requestContent.length, requestFirst);
    }
}
