#!/usr/bin/env python3
"""Independent generator of the wire vectors in this directory (not Ikebana code).

Builds IKEv2 messages byte by byte from RFC 7296 §3.1-§3.14, RFC 5282 §3/§5.1 (AES-GCM in SK)
and RFC 7383 §2.5 (SKF), with keys from /work/shared/spec/ikev2-core-checklist.md §18.3 (the
end-to-end key schedule example, itself based on RFC 7748 §6.1 X25519 keys). Uses the Python
`cryptography` package for AES-GCM, AES-CBC and HMAC. Run: python3 gen_vectors.py (writes *.hex).
"""
import hashlib, hmac, struct, socket, os
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

H = bytes.fromhex
SPI_I = H("0011223344556677")
SPI_R = H("8899aabbccddeeff")
# checklist §18.3, IKE suite AES-256-GCM-16: SK_ei = 32 key octets + 4 salt octets
SK_EI_GCM = H("2ec334f6d43dbdf8bc53535766a948c1901ff4296b10619c063d041cec255a2abeab5f3b")
# checklist §18.3, IKE suite AES-128-CBC + HMAC-SHA2-256-128
SK_EI_CBC = H("9d86ce48b8ad43587cbf183a131e9b2e")
SK_AI_CBC = H("2ec334f6d43dbdf8bc53535766a948c1901ff4296b10619c063d041cec255a2a")
X25519_PUB_I = H("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")  # RFC 7748 §6.1
NI = bytes(range(32))

def payload(nxt, body, critical=False):
    return struct.pack("!BBH", nxt, 0x80 if critical else 0, 4 + len(body)) + body

def header(nxt, exch, flags, mid, length, spi_r=SPI_R):
    return SPI_I + spi_r + struct.pack("!BBBBII", nxt, 0x20, exch, flags, mid, length)

def gcm_sk(exch, flags, mid, first_inner, content, iv, frag=None):
    """SK (or SKF when frag=(num,total)) with AES-256-GCM-16, RFC 5282: pad to 1, pad length 0."""
    plain = content + b"\x00"                       # no padding, Pad Length = 0
    body_len = 8 + len(plain) + 16                  # IV | ciphertext | ICV
    fields = struct.pack("!HH", *frag) if frag else b""
    ptype = 53 if frag else 46
    sk_hdr = struct.pack("!BBH", first_inner, 0, 4 + len(fields) + body_len) + fields
    total = 28 + len(sk_hdr) + body_len
    aad = header(ptype, exch, flags, mid, total) + sk_hdr
    ct = AESGCM(SK_EI_GCM[:32]).encrypt(SK_EI_GCM[32:] + iv, plain, aad)
    return aad + iv + ct

def cbc_sk(exch, flags, mid, first_inner, content, iv):
    """SK with AES-128-CBC and HMAC-SHA2-256-128 (RFC 7296 §3.14): ICV over everything before it."""
    pad = 15 - (len(content) % 16)
    plain = content + bytes(pad) + bytes([pad])
    body_len = 16 + len(plain) + 16
    sk_hdr = struct.pack("!BBH", first_inner, 0, 4 + body_len)
    total = 28 + len(sk_hdr) + body_len
    enc = Cipher(algorithms.AES(SK_EI_CBC), modes.CBC(iv)).encryptor()
    ct = enc.update(plain) + enc.finalize()
    msg = header(46, exch, flags, mid, total) + sk_hdr + iv + ct
    return msg + hmac.new(SK_AI_CBC, msg, hashlib.sha256).digest()[:16]

def natd(spi_i, spi_r, ip, port):
    return hashlib.sha1(spi_i + spi_r + socket.inet_aton(ip) + struct.pack("!H", port)).digest()

def init_request():
    t = lambda last, ttype, tid, attrs=b"": struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs
    transforms = t(False, 1, 20, H("800e0100")) + t(False, 2, 5) + t(True, 4, 31)
    prop = struct.pack("!BBHBBBB", 0, 0, 8 + len(transforms), 1, 1, 0, 3) + transforms
    chain = (payload(34, prop)                                        # SA -> KE
             + payload(40, struct.pack("!HH", 31, 0) + X25519_PUB_I)  # KE -> Ni
             + payload(41, NI)                                        # Ni -> N
             + payload(41, struct.pack("!BBH", 0, 0, 16388) + natd(SPI_I, bytes(8), "127.0.0.2", 40000))
             + payload(41, struct.pack("!BBH", 0, 0, 16389) + natd(SPI_I, bytes(8), "127.0.0.1", 5500))
             + payload(41, struct.pack("!BBH", 0, 0, 16430))
             + payload(0, struct.pack("!BBH", 0, 0, 16431) + H("000200030004")))
    return header(33, 34, 0x08, 0, 28 + len(chain), spi_r=bytes(8)) + chain

def write(name, provenance, data):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, name + ".hex"), "w") as f:
        f.write("# provenance: " + provenance + "\n")
        for i in range(0, len(data), 32):
            f.write(data[i:i + 32].hex() + "\n")

GEN = "gen_vectors.py (Python cryptography, independent of Ikebana's codec)"
write("ike_sa_init_request_x25519",
      GEN + "; RFC 7296 §1.2/§3.3 IKE_SA_INIT request, SPIi 0011223344556677, SA(1: aes256gcm16 prfsha256 x25519), "
      "KE = RFC 7748 §6.1 Alice public key, Ni = 00..1f, NAT_D for 127.0.0.2:40000 -> 127.0.0.1:5500, "
      "N(IKEV2_FRAGMENTATION_SUPPORTED), N(SIGNATURE_HASH_ALGORITHMS 2,3,4)", init_request())
write("sk_gcm256_informational_empty",
      GEN + "; RFC 5282 AES-256-GCM-16 SK with SK_ei of ikev2-core-checklist §18.3, SPIs 0011223344556677/"
      "8899aabbccddeeff, INFORMATIONAL request (I flag) mid 2, empty content (DPD), IV 0001020304050607",
      gcm_sk(37, 0x08, 2, 0, b"", H("0001020304050607")))
delete = payload(0, struct.pack("!BBH", 3, 4, 1) + H("0000c001"))
write("sk_gcm256_informational_delete_esp",
      GEN + "; as sk_gcm256_informational_empty, mid 3, content D(ESP, SPI 0000c001), IV 08090a0b0c0d0e0f",
      gcm_sk(37, 0x08, 3, 42, delete, H("08090a0b0c0d0e0f")))
write("sk_cbc128_informational_delete_esp",
      GEN + "; RFC 7296 §3.14 AES-128-CBC + HMAC-SHA2-256-128 SK with SK_ei/SK_ai of ikev2-core-checklist §18.3 "
      "(CBC case), mid 3, content D(ESP, SPI 0000c001), IV 000102..0f, 3 padding octets + Pad Length 3",
      cbc_sk(37, 0x08, 3, 42, delete, bytes(range(16))))
notify = payload(0, struct.pack("!BBH", 0, 0, 16401) + bytes(range(0x40, 0x58)))  # N(COOKIE2, 24 octets)
write("skf_gcm256_fragment_1_of_2",
      GEN + "; RFC 7383 §2.5 SKF 1/2 of INFORMATIONAL mid 4 whose content is N(COOKIE2, 40..57), first 20 "
      "content octets, AES-256-GCM-16 with SK_ei of ikev2-core-checklist §18.3, IV 1011121314151617",
      gcm_sk(37, 0x08, 4, 41, notify[:20], H("1011121314151617"), frag=(1, 2)))
write("skf_gcm256_fragment_2_of_2",
      GEN + "; SKF 2/2 of the same message: remaining 12 content octets, Next Payload 0, IV 18191a1b1c1d1e1f",
      gcm_sk(37, 0x08, 4, 0, notify[20:], H("18191a1b1c1d1e1f"), frag=(2, 2)))
