#!/bin/bash
# mkinst.sh - generate a self-contained strongSwan (charon) instance directory.
#
#   mkinst.sh DIR initiator|responder
#
# DIR gets:  strongswan.conf       charon + swanctl settings, explicit plugin list
#            swanctl/swanctl.conf  one connection (+ x509/ x509ca/ private/ for pubkey)
#            run/                  becomes /run for this charon (run-charon.sh)
# Start it with run-charon.sh; nothing under /etc is read or written.
#
# Settings (environment variables, [default]; initiator / responder):
#   CONN          connection name                              [ikb / rw]
#   CHILD_NAME    CHILD_SA config name                         [net]
#   REMOTE_ADDR   remote_addrs: the responder to connect to    [10.99.0.2 / %any]
#   REMOTE_PORT   initiator: responder UDP port                [500]
#   LOCAL_ADDRS   local_addrs                                  [%any]
#   IKE_PORT      charon.port (0 = random)                     [500]
#   NATT_PORT     charon.port_nat_t (0 = random)               [4500]
#   IKE_PROPOSAL  IKE proposal(s), strongSwan syntax
#                 [aes256gcm16-prfsha256-x25519 / that,aes128-sha256-ecp256]
#   ESP_PROPOSAL  ESP proposal(s)                  [aes256gcm16 / that,aes128-sha256]
#   AUTH          psk|pubkey                                   [psk]
#   PSK           pre-shared key                               [ikb-test-psk-0123456789]
#   LOCAL_ID      own identity  [client@ikebana.test / gw.ikebana.test];
#                 initiator with AUTH=pubkey: [the certificate's subject DN];
#                 set but empty: the certificate's subject DN
#   REMOTE_ID     peer identity                                [gw.ikebana.test / %any]
#   CERT_DIR      AUTH=pubkey: directory made by mkcerts.sh    [DIR/../certs]
#   LOCAL_CERT    own certificate, file in CERT_DIR     [client-ecdsa.crt / gw.crt]
#   LOCAL_KEY     its private key, file in CERT_DIR     [LOCAL_CERT with .key]
#   CA_CERTS      CA/intermediate certs to load, files in CERT_DIR, space or
#                 comma separated (intermediates are sent to the peer)  [ca.crt]
#   POOL          responder: virtual IP pool(s), comma separated, one pool
#                 per entry (subnet or from-to range)          [10.99.100.0/24]
#   VIP           initiator: virtual IPs to request (vips =); empty: none [0.0.0.0]
#   NET_TS        the responder-side protected subnet(s)       [10.99.200.0/24]
#                 The responder needs an address inside NET_TS (per address
#                 family, e.g. on lo): kernel-libipsec routes with it as source,
#                 without one the CHILD_SA fails (TS_UNACCEPTABLE)
#   LOCAL_TS      initiator: its local_ts                      [dynamic]
#   CHILD         yes|no: configure a CHILD_SA at all          [yes]
#   START_ACTION  initiator child start_action (none|start|trap) [none]
#   MOBIKE        yes|no                                       [yes]
#   FRAGMENTATION yes|accept|force|no                          [yes]
#   DPD           dpd_delay, e.g. 5s; 0 = no DPD               [0]
#   DPD_ACTION    child dpd_action (clear|trap|restart)        [clear]
#   REKEY_TIME    IKE_SA rekey_time; 0 = never                 [0]
#   REAUTH_TIME   IKE_SA reauth_time; 0 = never                [0]
#   CHILD_REKEY_TIME  CHILD_SA rekey_time; 0 = never           [0]
#   CHILD_LIFE_TIME   CHILD_SA life_time (hard expiry); empty = strongSwan default []
#   RETRANSMIT_TRIES / RETRANSMIT_TIMEOUT  short, so tests fail fast  [3 / 2.0]
#   THREADS       charon.threads (keep >= 8: vici needs workers)  [16]
#   LOG_DEFAULT LOG_IKE LOG_NET LOG_ENC LOG_CFG LOG_KNL LOG_CHD  charon.log
#                 levels (-1..4; LOG_IKE=4 logs keys)   [1 2 1 1 1 1 1]
#   DATAPLANE     libipsec|netlink  libipsec = userspace ESP over a TUN
#                 device (this kernel has no ESP in XFRM)   [libipsec]
#   EXTRA_PLUGINS more plugins for charon's load list           []
#   EXTRA_CHARON  raw strongswan.conf lines inside charon { }   []
#   EXTRA_CONN    raw swanctl.conf lines inside the connection { }  []
#   EXTRA_CHILD   raw swanctl.conf lines inside the child { }   []
set -euo pipefail
usage() { echo "usage: mkinst.sh DIR initiator|responder  (settings: see the top of $0)" >&2; exit 2; }
[ $# -eq 2 ] || usage
ROLE=$2
case "$ROLE" in initiator|responder) ;; *) usage ;; esac
mkdir -p "$1"
DIR=$(cd "$1" && pwd)
rm -rf "$DIR/swanctl"
# all directories swanctl --load-all scans, so its output has no noise
mkdir -p "$DIR/run" "$DIR/swanctl"/{conf.d,x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}

if [ "$ROLE" = initiator ]; then
    CONN=${CONN:-ikb}
    REMOTE_ADDR=${REMOTE_ADDR:-10.99.0.2}
    IKE_PROPOSAL=${IKE_PROPOSAL:-aes256gcm16-prfsha256-x25519}
    ESP_PROPOSAL=${ESP_PROPOSAL:-aes256gcm16}
    def_local_id=client@ikebana.test
    REMOTE_ID=${REMOTE_ID:-gw.ikebana.test}
    LOCAL_CERT=${LOCAL_CERT:-client-ecdsa.crt}
else
    CONN=${CONN:-rw}
    REMOTE_ADDR=${REMOTE_ADDR:-%any}
    IKE_PROPOSAL=${IKE_PROPOSAL:-aes256gcm16-prfsha256-x25519,aes128-sha256-ecp256}
    ESP_PROPOSAL=${ESP_PROPOSAL:-aes256gcm16,aes128-sha256}
    def_local_id=gw.ikebana.test
    REMOTE_ID=${REMOTE_ID:-%any}
    LOCAL_CERT=${LOCAL_CERT:-gw.crt}
fi
AUTH=${AUTH:-psk}
case "$AUTH" in psk|pubkey) ;; *) echo "bad AUTH '$AUTH' (psk|pubkey)" >&2; exit 2 ;; esac
# an initiator's certificate identity depends on the certificate: an empty id
# makes strongSwan use its subject DN
[ "$AUTH$ROLE" = pubkeyinitiator ] && def_local_id=""
LOCAL_ID=${LOCAL_ID-$def_local_id}
CHILD_NAME=${CHILD_NAME:-net}
REMOTE_PORT=${REMOTE_PORT:-500}
LOCAL_ADDRS=${LOCAL_ADDRS:-%any}
IKE_PORT=${IKE_PORT:-500}
NATT_PORT=${NATT_PORT:-4500}
PSK=${PSK:-ikb-test-psk-0123456789}
CERT_DIR=${CERT_DIR:-$DIR/../certs}
LOCAL_KEY=${LOCAL_KEY:-${LOCAL_CERT%.crt}.key}
CA_CERTS=${CA_CERTS:-ca.crt}
POOL=${POOL:-10.99.100.0/24}
VIP=${VIP-0.0.0.0}
NET_TS=${NET_TS:-10.99.200.0/24}
LOCAL_TS=${LOCAL_TS:-dynamic}
CHILD=${CHILD:-yes}
START_ACTION=${START_ACTION:-none}
MOBIKE=${MOBIKE:-yes}
FRAGMENTATION=${FRAGMENTATION:-yes}
DPD=${DPD:-0}
DPD_ACTION=${DPD_ACTION:-clear}
REKEY_TIME=${REKEY_TIME:-0}
REAUTH_TIME=${REAUTH_TIME:-0}
CHILD_REKEY_TIME=${CHILD_REKEY_TIME:-0}
CHILD_LIFE_TIME=${CHILD_LIFE_TIME:-}
DATAPLANE=${DATAPLANE:-libipsec}

# Only the plugins needed, so the instance does not depend on
# /etc/strongswan.d.  kernel-libipsec must precede kernel-netlink: it then
# provides the IPsec part and netlink the routing/addresses.
PLUGINS="random nonce openssl curve25519 aes sha1 sha2 hmac gcm kdf pem pkcs1 pkcs8 x509 pubkey revocation constraints socket-default vici attr"
case "$DATAPLANE" in
    libipsec) PLUGINS="$PLUGINS kernel-libipsec kernel-netlink" ;;
    netlink)  PLUGINS="$PLUGINS kernel-netlink" ;;
    *) echo "bad DATAPLANE '$DATAPLANE' (libipsec|netlink)" >&2; exit 2 ;;
esac
PLUGINS="$PLUGINS ${EXTRA_PLUGINS:-}"

cat > "$DIR/strongswan.conf" <<CONF
# generated by mkinst.sh ($ROLE): private strongSwan instance in $DIR
charon {
    port = $IKE_PORT
    port_nat_t = $NATT_PORT
    threads = ${THREADS:-16}
    load_modular = no
    load = $PLUGINS
    install_routes = yes
    install_virtual_ip = yes
    retransmit_tries = ${RETRANSMIT_TRIES:-3}
    retransmit_timeout = ${RETRANSMIT_TIMEOUT:-2.0}
    filelog {
        main {
            path = $DIR/charon.log
            time_format = %b %e %T
            time_precision = ms
            ike_name = yes
            append = no
            flush_line = yes
            default = ${LOG_DEFAULT:-1}
            ike = ${LOG_IKE:-2}
            net = ${LOG_NET:-1}
            enc = ${LOG_ENC:-1}
            cfg = ${LOG_CFG:-1}
            knl = ${LOG_KNL:-1}
            chd = ${LOG_CHD:-1}
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
    plugins {
        vici {
            socket = unix://$DIR/charon.vici
        }
        kernel-libipsec {
            allow_peer_ts = yes
        }
    }
${EXTRA_CHARON:-}
}
swanctl {
    socket = unix://$DIR/charon.vici
    load = pem pkcs1 pkcs8 x509 openssl pubkey
}
CONF

auth_lines() { # local|remote
    echo "auth = $AUTH"
    local id=$([ "$1" = local ] && echo "$LOCAL_ID" || echo "$REMOTE_ID")
    [ -z "$id" ] || echo "      id = $id"
    [ "$AUTH" = pubkey ] && [ "$1" = local ] && echo "      certs = $LOCAL_CERT"
    return 0
}

child_block() {
    [ "$CHILD" = yes ] || return 0
    echo "    children {"
    echo "      $CHILD_NAME {"
    if [ "$ROLE" = initiator ]; then
        echo "        local_ts = $LOCAL_TS"
        echo "        remote_ts = $NET_TS"
        echo "        start_action = $START_ACTION"
    else
        echo "        local_ts = $NET_TS"
    fi
    echo "        esp_proposals = $ESP_PROPOSAL"
    echo "        dpd_action = $DPD_ACTION"
    echo "        rekey_time = $CHILD_REKEY_TIME"
    [ -z "$CHILD_LIFE_TIME" ] || echo "        life_time = $CHILD_LIFE_TIME"
    [ -z "${EXTRA_CHILD:-}" ] || echo "$EXTRA_CHILD"
    echo "      }"
    echo "    }"
}

pools=() pool_defs=""
if [ "$ROLE" = responder ]; then
    i=0
    for p in ${POOL//,/ }; do
        pools+=("pool$i")
        pool_defs+="  pool$i {
    addrs = $p
  }
"
        i=$((i+1))
    done
fi

{
    echo "# generated by mkinst.sh ($ROLE)"
    echo "connections {"
    echo "  $CONN {"
    echo "    version = 2"
    echo "    local_addrs = $LOCAL_ADDRS"
    echo "    remote_addrs = $REMOTE_ADDR"
    [ "$ROLE" = initiator ] && echo "    remote_port = $REMOTE_PORT"
    echo "    proposals = $IKE_PROPOSAL"
    [ "$ROLE" = initiator ] && [ -n "$VIP" ] && echo "    vips = $VIP"
    [ ${#pools[@]} -gt 0 ] && echo "    pools = $(IFS=,; echo "${pools[*]}")"
    # a responder serves many clients with the same identity (tests)
    [ "$ROLE" = responder ] && echo "    unique = never"
    echo "    mobike = $MOBIKE"
    echo "    fragmentation = $FRAGMENTATION"
    echo "    dpd_delay = $DPD"
    echo "    rekey_time = $REKEY_TIME"
    echo "    reauth_time = $REAUTH_TIME"
    echo "    local {"
    echo "      $(auth_lines local)"
    echo "    }"
    echo "    remote {"
    echo "      $(auth_lines remote)"
    echo "    }"
    child_block
    [ -z "${EXTRA_CONN:-}" ] || echo "$EXTRA_CONN"
    echo "  }"
    echo "}"
    [ -z "$pool_defs" ] || printf 'pools {\n%s}\n' "$pool_defs"
    if [ "$AUTH" = psk ]; then
        # the responder answers any identity with the same key
        echo "secrets {"
        echo "  ike-$CONN {"
        if [ "$ROLE" = initiator ]; then
            echo "    id-1 = $LOCAL_ID"
            echo "    id-2 = $REMOTE_ID"
        else
            echo "    id-any = %any"
        fi
        echo "    secret = \"$PSK\""
        echo "  }"
        echo "}"
    fi
} > "$DIR/swanctl/swanctl.conf"

if [ "$AUTH" = pubkey ]; then
    for f in $LOCAL_CERT $LOCAL_KEY ${CA_CERTS//,/ }; do
        [ -f "$CERT_DIR/$f" ] || { echo "AUTH=pubkey: $CERT_DIR/$f missing (run mkcerts.sh $CERT_DIR)" >&2; exit 1; }
    done
    cp "$CERT_DIR/$LOCAL_CERT" "$DIR/swanctl/x509/"
    cp "$CERT_DIR/$LOCAL_KEY" "$DIR/swanctl/private/"
    for f in ${CA_CERTS//,/ }; do cp "$CERT_DIR/$f" "$DIR/swanctl/x509ca/"; done
fi
echo "$DIR ($ROLE) generated"
