#!/usr/bin/env python3
"""Known answers for KeyScheduleStrongSwanTest from a charon.log written by
capture-keys.sh (an initiator with IKE, CHD and ENC log level 4).

  strongswan-keys.py LOG CASE > strongswan-keys-CASE.txt

Reads, in the initiator's log of one run:
  * IKE_SA_INIT: SPIs and nonces out of the AUTH octets charon logs
    (IKE_SA_INIT message | peer nonce | prf(SK_p, ID')), the shared secret,
    SKEYSEED and SK_d..SK_pr, IDi'/IDr', the PSK and both AUTH values;
  * the first CHILD_SA (IKE_AUTH, no PFS): its keys;
  * the CHILD_SA rekey (CREATE_CHILD_SA with REKEY_SA): nonces from the
    decrypted bodies ("plain"), the PFS shared secret ("DH secret"), the keys;
  * the IKE_SA rekey (CREATE_CHILD_SA with SA, No, KE only): new SPIs and
    nonces from the decrypted bodies, the shared secret, SKEYSEED, SK_d..SK_pr.
Prints key = value lines (hex), with a provenance comment.
"""
import re, sys

log, case = sys.argv[1], sys.argv[2]
LINE = re.compile(r"^\w+ +\d+ [\d:.]+ \d+\[(\w+)\] <[^>]*> (.*)$")
HEX = re.compile(r"^\s*\d+: ((?:[0-9A-F]{2} )*[0-9A-F]{2})")

# (index, text, dump-or-None)
events = []
with open(log, errors="replace") as f:
    for line in f:
        m = LINE.match(line.rstrip("\n"))
        if not m:
            continue
        msg = m.group(2)
        h = HEX.match(msg)
        if h and events and events[-1][2] is not None:
            events[-1][2].extend(bytes.fromhex(h.group(1).replace(" ", "")))
            continue
        dump = bytearray() if re.search(r"=> \d+ bytes @ 0x", msg) else None
        events.append([len(events), msg, dump])


def dumps(label, start=0, end=None):
    return [(i, bytes(d)) for i, t, d in events[start:end]
            if d is not None and t.startswith(label + " =>")]


def first(label, start=0, end=None):
    found = dumps(label, start, end)
    if not found:
        sys.exit("%s: no '%s' dump" % (log, label))
    return found[0][1]


def line_index(regex, start=0):
    for i, t, _ in events[start:]:
        if re.search(regex, t):
            return i
    sys.exit("%s: no line /%s/" % (log, regex))


def plain_after(i):
    return first("plain", i)


def plain_before(i):
    return [d for j, d in dumps("plain", 0, i)][-1]


FIRST = {"SA": 33, "KE": 34, "No": 40, "N": 41, "D": 42, "TSi": 44, "TSr": 45}


def payloads(body, summary):
    """(type, body) of each payload of a decrypted SK body; the first type from the summary line."""
    first_name = re.search(r"\[ (\w+)", summary).group(1)
    nxt, pos, out = FIRST[first_name], 0, []
    while nxt and pos < len(body):
        ln = int.from_bytes(body[pos + 2:pos + 4], "big")
        out.append((nxt, body[pos + 4:pos + ln]))
        nxt, pos = body[pos], pos + ln
    return out


def one(ps, t):
    return [b for pt, b in ps if pt == t][0]


def proposal_spi(sa_body):
    # proposal substructure: last(1) rsvd(1) len(2) num(1) proto(1) spisize(1) ntransforms(1) spi
    size = sa_body[6]
    return sa_body[8:8 + size]


# strongSwan's names -> io.ikebana.crypto enum constants
DH = {"CURVE_25519": "CURVE25519", "ECP_256": "ECP_256", "ECP_384": "ECP_384", "MODP_2048": "MODP_2048",
      "MODP_3072": "MODP_3072"}
PRF = {"PRF_HMAC_SHA2_256": "HMAC_SHA2_256", "PRF_HMAC_SHA2_384": "HMAC_SHA2_384",
       "PRF_HMAC_SHA2_512": "HMAC_SHA2_512"}


def ike_suite(text):
    p = re.search(r"selected proposal: IKE:(\S+)", text).group(1).split("/")
    encr, bits = p[0].rsplit("_", 1)
    integ = "NONE" if encr.startswith("AES_GCM") else p[1]
    return {"encr": encr, "encr_bits": bits, "integ": integ, "prf": PRF[p[-2]], "dh": DH[p[-1]]}


def esp_suite(text):
    p = re.search(r"selected proposal: ESP:(\S+)", text).group(1).split("/")
    encr, bits = p[0].rsplit("_", 1)
    integ = "NONE" if encr.startswith("AES_GCM") else p[1]
    return encr, bits, integ


def child_keys(start, end, prefix, out):
    for label, key in (("encryption initiator key", "enc_i"), ("integrity initiator key", "integ_i"),
                       ("encryption responder key", "enc_r"), ("integrity responder key", "integ_r")):
        found = dumps(label, start, end)
        out[prefix + key] = found[0][1].hex() if found else ""


def ike_keys(start, prefix, out):
    out[prefix + "gir"] = first("shared Diffie Hellman secret", start).hex()
    out[prefix + "skeyseed"] = first("SKEYSEED", start).hex()
    for k in ("d", "ai", "ar", "ei", "er", "pi", "pr"):
        found = dumps("Sk_%s secret" % k, start, start + 40)
        out[prefix + "sk_" + k] = found[0][1].hex() if found else ""


out = {}
# --- IKE_SA_INIT and IKE_AUTH
sel = line_index(r"selected proposal: IKE:")
out.update(ike_suite(events[sel][1]))
ike_keys(sel, "", out)
prf_len = len(bytes.fromhex(out["sk_d"]))
octets = dumps("octets = message + nonce + prf(Sk_px, IDx')")
ids = dumps("IDx'")
auths = dumps("AUTH = prf(prf(secret, keypad), octets)")
(oi, octets_i), (_, octets_r) = octets[0], octets[1]
init_req = octets_i[:int.from_bytes(octets_i[24:28], "big")]
init_resp = octets_r[:int.from_bytes(octets_r[24:28], "big")]
out["spi_i"] = init_req[0:8].hex()
out["spi_r"] = init_resp[8:16].hex()
out["nr"] = octets_i[len(init_req):len(octets_i) - prf_len].hex()
out["ni"] = octets_r[len(init_resp):len(octets_r) - prf_len].hex()
out["init_request"] = init_req.hex()
out["init_response"] = init_resp.hex()
out["idi_body"] = ids[0][1].hex()
out["idr_body"] = ids[1][1].hex()
out["psk"] = first("secret", oi).hex()
out["auth_i"] = auths[0][1].hex()
out["auth_r"] = auths[1][1].hex()
out["octets_i"] = octets_i.hex()
out["octets_r"] = octets_r.hex()

# --- first CHILD_SA (IKE_AUTH)
c1 = line_index(r"selected proposal: ESP:")
out["esp_encr"], out["esp_encr_bits"], out["esp_integ"] = esp_suite(events[c1][1])
c1_end = line_index(r"CHILD_SA \S+ established", c1)
child_keys(c1, c1_end, "child1_", out)

# --- CHILD_SA rekey with PFS
rq = line_index(r"generating CREATE_CHILD_SA request \d+ \[ N\(REKEY_SA\)")
rs = line_index(r"parsed CREATE_CHILD_SA response", rq)
req = payloads(plain_after(rq), events[rq][1])
resp = payloads(plain_before(rs), events[rs][1])
out["child2_ni"] = one(req, 40).hex()
out["child2_nr"] = one(resp, 40).hex()
sel2 = line_index(r"selected proposal: ESP:", rs)
out["child2_pfs"] = DH[re.search(r"ESP:\S+", events[sel2][1]).group(0).split("/")[-2]]
out["child2_gir"] = first("DH secret", sel2).hex()
child_keys(sel2, line_index(r"CHILD_SA \S+ established", sel2), "child2_", out)

# --- IKE_SA rekey
rq = line_index(r"generating CREATE_CHILD_SA request \d+ \[ SA No KE \]")
rs = line_index(r"parsed CREATE_CHILD_SA response", rq)
req = payloads(plain_after(rq), events[rq][1])
resp = payloads(plain_before(rs), events[rs][1])
out["rekey_spi_i"] = proposal_spi(one(req, 33)).hex()
out["rekey_spi_r"] = proposal_spi(one(resp, 33)).hex()
out["rekey_ni"] = one(req, 40).hex()
out["rekey_nr"] = one(resp, 40).hex()
ike_keys(line_index(r"selected proposal: IKE:", rs), "rekey_", out)

print("# provenance: strongSwan 5.9.8 (Debian 5.9.8-5+deb12u6) initiator against a strongSwan")
print("# responder in network namespaces, PSK, IKE/CHD/ENC log level 4; case %s of" % case)
print("# src/test/interop/capture-keys.sh, values read from the initiator's charon.log by")
print("# src/test/interop/strongswan-keys.py. Keys of a throwaway test run.")
for k, v in out.items():
    print("%s = %s" % (k, v))
