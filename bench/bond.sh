#!/usr/bin/env bash
# bench/bond.sh - bonding benchmark in network namespaces: each uplink alone, kernel MPTCP and Fleet
# (fleet-agent bond + fleet-aggregator), one TCP flow (iperf3), upload and download.
#
#   ./fleet bench bond [--unshaped] [a b c d e f g] [TRACE_FILE...]
#   bench/bond.sh a b                 only scenarios a and b
#   bench/bond.sh g t1.gz t2 t3.json  scenario g with these three capacity traces
#
#  P-lan           P-cli (vehicle)            P-sh (link shaper)           P-srv (aggregation)       P-inet
#  eth0 10.10.0.2 ─ lan0 10.10.0.1   upI 10.201.I.1 ─ aI ⇄ fleet-linkshaper ⇄ bI ─ dnI 10.201.I.2
#                                                                          10.250.0.1/32 on lo, inet0 10.20.0.1 ─ eth0 10.20.0.2
#
# Each uplink is a pair of veths bridged by the userspace shaper (src/Edge/Fleet.LinkShaper: rate or trace
# capacity, delay, jitter, loss, blackhole, rate changes; no netem on this kernel). --unshaped joins cli and
# srv directly (no shaper) to measure the tunnel's own cost. Offloads are off everywhere so every hop sees
# real packets, and tx checksum offload is off: the shaper relays raw frames, whose checksums a veth would
# otherwise leave unfilled (CHECKSUM_PARTIAL). The client picks an uplink by source address (policy routing, as on a box with modems).
#
# Scenarios (Mbit/s per uplink, both directions):
#   a 20,20,5   b 20,20,20   c 20,20,5 + one-way delay 20/40/80 ms ±10 ms jitter   d 20,20,5 + 3 % loss on link 3
#   e 20,20,5, link 2 blackholed at 6 s, restored at 16 s   f 20,20,5, link 2 20→2 Mbit/s at 6 s
#   g three capacity traces (mahimahi or JSON) as the three links
# Output: `name: value` lines on stdout (logs on stderr and in $BB_LOGDIR).
# Env: BB_PEERS ("links mptcp fleet"), BB_STATS_INTERVAL (daemon stats log, 10 s), BB_DURATION (8 s per throughput run), BB_FAIL_DURATION (24), BB_TRACE_DURATION (30), BB_PREFIX (fb),
#      BB_LOGDIR (/tmp/fleet-bench-bond), BB_BUILD (/tmp/fleet-bench-build), BB_SKIP_BUILD=1, BB_NO_FLEET=1,
#      BB_FAILOVER_DIRS ("up"; "up down" for both).
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
P=${BB_PREFIX:-fb}
LAN=$P-lan; CLI=$P-cli; SH=$P-sh; SRV=$P-srv; INET=$P-inet
DUR=${BB_DURATION:-8}
FAIL_DUR=${BB_FAIL_DURATION:-24}
TRACE_DUR=${BB_TRACE_DURATION:-30}
LOGDIR=${BB_LOGDIR:-/tmp/fleet-bench-bond}
BUILD=${BB_BUILD:-/tmp/fleet-bench-build}
FAILOVER_DIRS=${BB_FAILOVER_DIRS:-up}
SRV_ADDR=10.250.0.1; PORT=7000
TUN_SRV=10.254.0.1; TUN_CLI=10.254.0.2; TUN_MTU=1424   # 1500 - 20 IP - 8 UDP - 48 Fleet overhead
LAN_NET=10.10.0.0/24; LAN_HOST=10.10.0.2; INET_NET=10.20.0.0/24; INET_HOST=10.20.0.2
IPERF_PORT=5201
NLINKS=3

log() { echo "[bond $(date +%T)] $*" >&2; }
die() { echo "bench/bond.sh: $*" >&2; exit 1; }
out() { echo "$1: $2"; }                       # the result lines
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
have_ns() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# ------------------------------------------------------------------------------------------ arguments
UNSHAPED=0; SCENARIOS=(); TRACES=()
for a in "$@"; do
    case $a in
        --unshaped) UNSHAPED=1 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        [a-g]) SCENARIOS+=("$a") ;;
        *) [ -f "$a" ] || die "'$a' is neither a scenario letter (a-g), --unshaped nor a trace file"; TRACES+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")") ;;
    esac
done
[ ${#SCENARIOS[@]} -eq 0 ] && [ "$UNSHAPED" = 0 ] && SCENARIOS=(a b c d e f g)
[ ${#TRACES[@]} -gt 0 ] && [ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(g)
if [ ${#TRACES[@]} -eq 0 ]; then
    DATA=$(cd "$ROOT/.." && pwd)/shared/data/cellular_traces
    TRACES=("$DATA/mahimahi/TMobile-LTE-driving.down.gz" "$DATA/mahimahi/Verizon-LTE-short.up.gz"
            "$DATA/ghent_4g_capacity_json/report_bus_0008.json")
fi
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces)"
for t in ip tc nft iperf3 jq ethtool python3 mptcpize dotnet nstat; do
    command -v "$t" >/dev/null || die "missing tool: $t (scripts/install-deps.sh bench)"
done
mkdir -p "$LOGDIR"

# ------------------------------------------------------------------------------------------ build
SHAPER_DLL=$BUILD/bin/Fleet.LinkShaper/release/Fleet.LinkShaper.dll
AGENT_DLL=$BUILD/bin/Fleet.Agent/release/Fleet.Agent.dll
AGG_DLL=$BUILD/bin/Fleet.Aggregator/release/Fleet.Aggregator.dll
build() {
    [ "${BB_SKIP_BUILD:-0}" = 1 ] && return 0
    local p
    for p in src/Edge/Fleet.LinkShaper src/Edge/Fleet.Aggregator src/Edge/Fleet.Agent; do
        log "building $p (Release)"
        (cd "$ROOT" && dotnet build "$p" -c Release --artifacts-path "$BUILD" -v q -nologo) >"$LOGDIR/build-$(basename "$p").log" 2>&1 \
            || log "build of $p failed (see $LOGDIR/build-$(basename "$p").log)"
    done
}
build
[ -f "$SHAPER_DLL" ] || [ "$UNSHAPED" = 1 ] || die "link shaper not built: $SHAPER_DLL"
FLEET_OK=1; FLEET_WHY=""
if [ "${BB_NO_FLEET:-0}" = 1 ]; then FLEET_OK=0; FLEET_WHY="BB_NO_FLEET=1"
elif [ ! -f "$AGENT_DLL" ] || [ ! -f "$AGG_DLL" ]; then FLEET_OK=0; FLEET_WHY="agent/aggregator not built"
elif ! dotnet "$AGG_DLL" keygen --out "$LOGDIR/server" >/dev/null 2>&1 || ! dotnet "$AGENT_DLL" bond keygen --out "$LOGDIR/agent" >/dev/null 2>&1; then
    FLEET_OK=0; FLEET_WHY="keygen failed (engine not wired?)"
fi
[ "$FLEET_OK" = 1 ] || log "Fleet rows skipped: $FLEET_WHY"

# ------------------------------------------------------------------------------------------ topology
teardown() {
    local ns pids
    stop_daemons
    for ns in "$LAN" "$CLI" "$SH" "$SRV" "$INET"; do
        have_ns "$ns" || continue
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] && kill $pids 2>/dev/null && sleep 0.3
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null
        ip netns del "$ns"
    done
}
trap 'teardown; exit 130' INT TERM
trap 'teardown' EXIT

noffload() { in_ns "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 || true; }

setup() {   # $1 = shaped|unshaped
    local mode=$1 ns i
    teardown
    for ns in "$LAN" "$CLI" "$SRV" "$INET"; do
        ip netns add "$ns"; ip -n "$ns" link set lo up
        in_ns "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
            net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    for ns in "$CLI" "$SRV"; do in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.mptcp.enabled=1; done
    ip -n "$SRV" addr add "$SRV_ADDR/32" dev lo
    ip link add lan0 netns "$CLI" type veth peer name eth0 netns "$LAN"
    ip -n "$CLI" addr add 10.10.0.1/24 dev lan0; ip -n "$LAN" addr add "$LAN_HOST/24" dev eth0
    ip link add inet0 netns "$SRV" type veth peer name eth0 netns "$INET"
    ip -n "$SRV" addr add 10.20.0.1/24 dev inet0; ip -n "$INET" addr add "$INET_HOST/24" dev eth0
    for ns in "$CLI:lan0" "$LAN:eth0" "$SRV:inet0" "$INET:eth0"; do
        ip -n "${ns%%:*}" link set "${ns#*:}" up; noffload "${ns%%:*}" "${ns#*:}"; done
    ip -n "$LAN" route add default via 10.10.0.1
    ip -n "$INET" route add default via 10.20.0.1
    if [ "$mode" = shaped ]; then
        ip netns add "$SH"; ip -n "$SH" link set lo up
        in_ns "$SH" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
    for i in $(seq 1 $NLINKS); do
        if [ "$mode" = shaped ]; then
            ip link add "up$i" netns "$CLI" type veth peer name "a$i" netns "$SH"
            ip link add "b$i" netns "$SH" type veth peer name "dn$i" netns "$SRV"
            for ns in "a$i" "b$i"; do
                in_ns "$SH" sysctl -qw "net.ipv6.conf.$ns.disable_ipv6=1"
                ip -n "$SH" link set "$ns" up; noffload "$SH" "$ns"; done
        else
            ip link add "up$i" netns "$CLI" type veth peer name "dn$i" netns "$SRV"
        fi
        ip -n "$CLI" addr add "10.201.$i.1/24" dev "up$i"; ip -n "$SRV" addr add "10.201.$i.2/24" dev "dn$i"
        ip -n "$CLI" link set "up$i" up; ip -n "$SRV" link set "dn$i" up
        noffload "$CLI" "up$i"; noffload "$SRV" "dn$i"
        in_ns "$CLI" sysctl -qw "net.ipv4.conf.up$i.rp_filter=0"; in_ns "$SRV" sysctl -qw "net.ipv4.conf.dn$i.rp_filter=0"
        ip -n "$CLI" route add default via "10.201.$i.2" dev "up$i" src "10.201.$i.1" table $((100 + i))
        ip -n "$CLI" rule add from "10.201.$i.1" lookup $((100 + i)) pref $((1000 + i))
    done
    ip -n "$CLI" route add "$SRV_ADDR/32" via 10.201.1.2 dev up1 src 10.201.1.1
    # MSS clamp for forwarded flows entering a tunnel with a smaller MTU
    for ns in "$CLI" "$SRV"; do
        in_ns "$ns" nft -f - <<'EOF'
table inet fbmss {
  chain mssfix {
    type filter hook forward priority mangle; policy accept;
    tcp flags syn tcp option maxseg size set rt mtu
  }
}
EOF
    done
    log "topology up ($mode)"
}

# ------------------------------------------------------------------------------------------ shaper
SHAPER_PID=""; FIFO=$LOGDIR/shaper.fifo
# shaper_start RATES DELAYS JITTERS LOSSES TRACES EVENTS_JSON    (comma lists, one item per link; "-" = none)
shaper_start() {
    local rates=$1 delays=$2 jitters=$3 losses=$4 traces=$5 events=$6 i links="" r d j l t dir cfg=$LOGDIR/shaper.json
    IFS=, read -r -a R <<<"$rates"; IFS=, read -r -a D <<<"$delays"; IFS=, read -r -a J <<<"$jitters"
    IFS=, read -r -a L <<<"$losses"; IFS=, read -r -a T <<<"$traces"
    for i in $(seq 1 $NLINKS); do
        r=${R[$((i-1))]:-20}; d=${D[$((i-1))]:-0}; j=${J[$((i-1))]:-0}; l=${L[$((i-1))]:-0}; t=${T[$((i-1))]:--}
        if [ "$t" != - ]; then dir="\"trace\":\"$t\""; else dir="\"rateMbit\":$r"; fi
        dir="$dir,\"delayMs\":$d,\"jitterMs\":$j,\"lossPct\":$l,\"queueMs\":50"
        links="$links${links:+,}{\"name\":\"$i\",\"a\":\"a$i\",\"b\":\"b$i\",\"up\":{$dir},\"down\":{$dir}}"
    done
    printf '{"seed":7,"links":[%s],"events":%s}\n' "$links" "$events" >"$cfg"
    rm -f "$FIFO"
    ip netns exec "$SH" setsid dotnet "$SHAPER_DLL" run --config "$cfg" --control "$FIFO" >"$LOGDIR/shaper.log" 2>&1 </dev/null &
    SHAPER_PID=$!
    local k
    for k in $(seq 1 100); do grep -q relaying "$LOGDIR/shaper.log" 2>/dev/null && break; sleep 0.1; done
    grep -q relaying "$LOGDIR/shaper.log" || { cat "$LOGDIR/shaper.log" >&2; die "shaper did not start"; }
    # ARP through the shaper before measuring
    for i in $(seq 1 $NLINKS); do in_ns "$CLI" ping -c1 -W2 -I "10.201.$i.1" "10.201.$i.2" >/dev/null 2>&1 || log "link $i: no ping"; done
}
shaper_cmd() { [ -p "$FIFO" ] && timeout 2 sh -c 'echo "$1" > "$2"' _ "$1" "$FIFO"; }
shaper_stop() {
    [ -n "$SHAPER_PID" ] || return 0
    kill -TERM "$SHAPER_PID" 2>/dev/null; local k
    for k in $(seq 1 30); do kill -0 "$SHAPER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SHAPER_PID" 2>/dev/null; wait "$SHAPER_PID" 2>/dev/null; SHAPER_PID=""
    grep '^link ' "$LOGDIR/shaper.log" | sed 's/^/  shaper /' >&2
}

# ------------------------------------------------------------------------------------------ Fleet daemons
AGG_PID=""; AGENT_PID=""
fleet_start() {
    [ "$FLEET_OK" = 1 ] || return 1
    local nat=${1:-}
    ip netns exec "$SRV" setsid dotnet "$AGG_DLL" --listen "$SRV_ADDR:$PORT" --tun-ip "$TUN_SRV/30" --tun-mtu "$TUN_MTU" \
        --key-file "$LOGDIR/server.key" --stats-interval "${BB_STATS_INTERVAL:-10}" --peer "$LOGDIR/agent.pub=$TUN_CLI/32,$LAN_NET" ${nat:+--nat-out "$nat"} \
        >"$LOGDIR/aggregator.log" 2>&1 </dev/null &
    AGG_PID=$!
    sleep 0.5
    ip netns exec "$CLI" setsid dotnet "$AGENT_DLL" bond --server "$SRV_ADDR:$PORT" \
        --uplinks "$(for i in $(seq 1 $NLINKS); do printf '10.201.%s.1 ' "$i"; done)" \
        --tun-ip "$TUN_CLI/30" --tun-mtu "$TUN_MTU" --key-file "$LOGDIR/agent.key" --stats-interval "${BB_STATS_INTERVAL:-10}" --server-key "$LOGDIR/server.pub" \
        >"$LOGDIR/agent.log" 2>&1 </dev/null &
    AGENT_PID=$!
    local k
    for k in $(seq 1 40); do
        if in_ns "$CLI" ping -c1 -W1 "$TUN_SRV" >/dev/null 2>&1; then
            local cdev sdev
            cdev=$(ip -n "$CLI" -o addr show to "$TUN_CLI" | awk '{print $2; exit}')
            sdev=$(ip -n "$SRV" -o addr show to "$TUN_SRV" | awk '{print $2; exit}')
            ip -n "$CLI" route replace "$INET_NET" dev "$cdev"
            ip -n "$SRV" route replace "$LAN_NET" dev "$sdev"
            sleep 1; return 0
        fi
        kill -0 "$AGG_PID" 2>/dev/null && kill -0 "$AGENT_PID" 2>/dev/null || break
        sleep 0.5
    done
    log "Fleet tunnel did not come up; see $LOGDIR/agent.log $LOGDIR/aggregator.log"
    tail -5 "$LOGDIR/agent.log" "$LOGDIR/aggregator.log" >&2
    stop_daemons; return 1
}
stop_pid() { # pid: TERM, wait, KILL (only our own child)
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null; local k
    for k in $(seq 1 30); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null; wait "$1" 2>/dev/null
}
stop_daemons() {
    stop_pid "$AGENT_PID"; AGENT_PID=""; stop_pid "$AGG_PID"; AGG_PID=""
    if have_ns "$CLI"; then ip -n "$CLI" route del "$INET_NET" 2>/dev/null; fi
    if have_ns "$SRV"; then ip -n "$SRV" route del "$LAN_NET" 2>/dev/null; fi
    shaper_stop
}
pid_cpu_ticks() { local s=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && s=$((s + $(awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$p/stat"))); done; echo $s; }
# the dotnet process (setsid'ed child of our background job) of a daemon
daemon_pid() { # ip netns exec and setsid exec in place (no fork from a non-interactive shell): $! is dotnet
    if tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q dotnet; then echo "$1"; else pgrep -P "$1" | head -1; fi; }

# ------------------------------------------------------------------------------------------ iperf3
# iperf LABEL DIR(up|down) CLIENT_NS SERVER_NS TARGET DURATION INTERVAL WRAP  -> sets J (json path), MBPS
ctr() { in_ns "$1" nstat -asz "$2" 2>/dev/null | awk -v c="$2" '$1==c{print $2; f=1} END{if(!f)print 0}'; }
iperf() {
    local label=$1 dir=$2 cns=$3 sns=$4 target=$5 dur=$6 ival=$7 wrap=$8 rev=() sender
    [ "$dir" = down ] && rev=(-R)
    sender=$cns; [ "$dir" = down ] && sender=$sns
    J=$LOGDIR/iperf-$label-$dir.json
    in_ns "$sns" timeout $((dur + 30)) $wrap iperf3 -s -1 -J -i "$ival" -p $IPERF_PORT >/dev/null 2>&1 &
    local spid=$! k
    for k in $(seq 1 50); do in_ns "$sns" ss -ltn "sport = :$IPERF_PORT" 2>/dev/null | grep -q LISTEN && break; sleep 0.1; done
    local ds0 seg0 ds1 seg1
    NSTAT_HISTORY=$LOGDIR/nstat-$sender.hist in_ns "$sender" nstat -n >/dev/null 2>&1   # reset the sender's history: the dump below is this run's delta
    ds0=$(ctr "$sender" TcpExtTCPDSACKRecv); seg0=$(ctr "$sender" TcpOutSegs)
    [ -n "${ON_START:-}" ] && eval "$ON_START"
    in_ns "$cns" timeout $((dur + 25)) $wrap iperf3 -c "$target" -p $IPERF_PORT -t "$dur" -i "$ival" "${rev[@]}" \
        -J --get-server-output >"$J" 2>"$J.err"
    local rc=$?
    ds1=$(ctr "$sender" TcpExtTCPDSACKRecv); seg1=$(ctr "$sender" TcpOutSegs)
    NSTAT_HISTORY=$LOGDIR/nstat-$sender.hist in_ns "$sender" nstat 2>/dev/null | grep -E '^(Tcp|TcpExt)' >"$J.nstat"   # sender TCP counters of this run (diagnosis)
    wait $spid 2>/dev/null
    MBPS=$(jq -r '(.end.sum_received.bits_per_second // 0)/1e6 | .*10|round/10' "$J" 2>/dev/null || echo 0)
    RETR=$(jq -r '.end.sum_sent.retransmits // 0' "$J" 2>/dev/null || echo 0)
    DSACK=$((ds1 - ds0)); SEGS=$((seg1 - seg0))
    IPERF_ERR=$(jq -r '.error // ""' "$J" 2>/dev/null)
    [ "$rc" != 0 ] && [ -z "$IPERF_ERR" ] && IPERF_ERR="iperf3 rc=$rc $(head -c 200 "$J.err")"
    [ -n "$IPERF_ERR" ] && log "$label $dir: $IPERF_ERR"
    log "$label $dir: $MBPS Mbit/s retr=$RETR dsack=$DSACK segs=$SEGS"
}
# receiver-side series "t mbps" lines (server intervals for upload, client's for download)
series() {
    local dir=$1
    if [ "$dir" = down ]; then jq -r '.intervals[]?.sum | "\(.end) \(.bits_per_second/1e6)"' "$J" 2>/dev/null
    else jq -r '.server_output_json.intervals[]?.sum | "\(.end) \(.bits_per_second/1e6)"' "$J" 2>/dev/null; fi
}

link_only_routes() { # i: forward lan<->inet over uplink i without tunnel
    ip -n "$CLI" route replace "$INET_NET" via "10.201.$1.2" dev "up$1"
    ip -n "$SRV" route replace "$LAN_NET" via "10.201.$1.1" dev "dn$1"
}
link_routes_del() { ip -n "$CLI" route del "$INET_NET" 2>/dev/null; ip -n "$SRV" route del "$LAN_NET" 2>/dev/null; true; }

mptcp_prepare() {
    local ns i
    for ns in "$CLI" "$SRV"; do
        ip -n "$ns" mptcp endpoint flush; ip -n "$ns" mptcp limits set subflow $NLINKS add_addr_accepted $NLINKS; done
    for i in $(seq 1 $NLINKS); do ip -n "$CLI" mptcp endpoint add "10.201.$i.1" dev "up$i" subflow; done
}

# ------------------------------------------------------------------------------------------ measurements
# runs: links "1 2 3" dirs -> <s>_link<i>_<dir>_mbps
want() { [[ " ${BB_PEERS:-links mptcp fleet} " == *" $1 "* ]]; }   # BB_PEERS: which peers to run (diagnosis)
run_links() {
    local s=$1 links=$2 dirs=$3 i d
    want links || return 0
    for i in $links; do
        link_only_routes "$i"
        for d in $dirs; do iperf "$s-link$i" "$d" "$LAN" "$INET" "$INET_HOST" "$DUR" 1 ""; out "${s}_link${i}_${d}_mbps" "$MBPS"; done
        link_routes_del
    done
}
run_mptcp() { # s dirs [extra metrics fn]
    local s=$1 dirs=$2 extra=${3:-} d
    want mptcp || return 0
    mptcp_prepare
    for d in $dirs; do
        iperf "$s-mptcp" "$d" "$CLI" "$SRV" "$SRV_ADDR" "$DUR" 1 "mptcpize run"; out "${s}_mptcp_${d}_mbps" "$MBPS"
        [ -n "$extra" ] && $extra "${s}_mptcp_${d}"
    done
}
run_fleet() {
    local s=$1 dirs=$2 extra=${3:-} d
    want fleet || return 0
    if ! fleet_start; then out "${s}_fleet" "skipped (${FLEET_WHY:-tunnel down})"; return; fi
    for d in $dirs; do
        iperf "$s-fleet" "$d" "$LAN" "$INET" "$INET_HOST" "$DUR" 1 ""; out "${s}_fleet_${d}_mbps" "$MBPS"
        [ -n "$extra" ] && $extra "${s}_fleet_${d}"
    done
    stop_pid "$AGENT_PID"; AGENT_PID=""; stop_pid "$AGG_PID"; AGG_PID=""
    link_routes_del
}
reorder_metrics() { # name prefix: DSACK spurious retransmissions as % of sent segments
    out "$1_retransmits" "$RETR"
    out "$1_dsack" "$DSACK"
    out "$1_dsack_pct_of_segments" "$(awk -v d="$DSACK" -v s="$SEGS" 'BEGIN{printf "%.2f", s ? 100*d/s : 0}')"
}

# failover runs: peer (mptcp|fleet), dir, fail-mode (blackhole|rate)
failover_run() {
    local s=$1 peer=$2 dir=$3 kind=$4
    local cns=$LAN sns=$INET tgt=$INET_HOST wrap=""
    [ "$peer" = mptcp ] && { cns=$CLI; sns=$SRV; tgt=$SRV_ADDR; wrap="mptcpize run"; }
    ON_START="shaper_cmd epoch" iperf "$s-$peer-fo" "$dir" "$cns" "$sns" "$tgt" "$FAIL_DUR" 0.2 "$wrap"
    series "$dir" >"$LOGDIR/series-$s-$peer-$dir.txt"
    python3 - "$LOGDIR/series-$s-$peer-$dir.txt" "$kind" "${s}_${peer}_${dir}" "$IPERF_ERR" <<'EOF'
import sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
kind, name, err = sys.argv[2], sys.argv[3], sys.argv[4]
at, restore = 6.0, 16.0
def mean(v): return sum(v) / len(v) if v else 0.0
before = mean([v for t, v in pts if 2.0 < t <= at])
print(f"{name}_before_mbps: {before:.1f}")
print(f"{name}_connection_reset: {'yes' if err or not pts or pts[-1][0] < 20 else 'no'}")
if kind == "blackhole":
    degraded = mean([v for t, v in pts if at + 2 < t <= restore])
    stall = sum(b - a for (a, _), (b, v) in zip([(0, 0)] + pts[:-1], pts) if at < b <= restore + 4 and v < 0.1 * before)
    # back to >=95 % of the earlier rate after restore: first bin from which the 1-s average stays there
    rec = None
    for i, (t, v) in enumerate(pts):
        if t <= restore: continue
        win = [w for tt, w in pts if t - 1.0 < tt <= t]
        if before and mean(win) >= 0.95 * before: rec = t - restore; break
    print(f"{name}_degraded_mbps: {degraded:.1f}")
    print(f"{name}_stall_s: {stall:.1f}")
    print(f"{name}_recover_to_95pct_s: {rec:.1f}" if rec is not None else f"{name}_recover_to_95pct_s: never")
else:
    adapted = mean([v for t, v in pts if at + 4 < t])
    t_adapt = None
    for t, v in pts:
        if t <= at: continue
        win = [w for tt, w in pts if t - 1.0 < tt <= t]
        later = [w for tt, w in pts if t < tt <= t + 2.0]
        if adapted and mean(win) >= 0.9 * adapted and all(w >= 0.5 * adapted for w in later):
            t_adapt = t - at; break
    print(f"{name}_adapted_mbps: {adapted:.1f}")
    print(f"{name}_adapt_s: {t_adapt:.1f}" if t_adapt is not None else f"{name}_adapt_s: never")
sec = {}
for t, v in pts: sec.setdefault(int(t - 1e-9), []).append(v)
print(f"{name}_series_1s_mbps: " + " ".join(f"{mean(sec[k]):.0f}" for k in sorted(sec)))
EOF
}

trace_run() { # s peer
    local s=$1 peer=$2 cns=$LAN sns=$INET tgt=$INET_HOST wrap=""
    [ "$peer" = mptcp ] && { cns=$CLI; sns=$SRV; tgt=$SRV_ADDR; wrap="mptcpize run"; }
    ON_START="shaper_cmd epoch" iperf "$s-$peer-trace" up "$cns" "$sns" "$tgt" "$TRACE_DUR" 0.5 "$wrap"
    series up >"$LOGDIR/series-$s-$peer.txt"
    python3 - "$LOGDIR/series-$s-$peer.txt" "$LOGDIR/trace-windows.txt" "${s}_${peer}_up" "$MBPS" <<'EOF'
import sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
wins = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
name, mbps = sys.argv[3], float(sys.argv[4])
cap = sum(w[-2] for w in wins) / len(wins) if wins else 0
above = total = 0
for w in wins:
    t0 = w[0]; got = [v for t, v in pts if t0 < t <= t0 + 5.0]
    if not got: continue
    total += 1; above += (sum(got) / len(got)) > w[-1]
print(f"{name}_mbps: {mbps:.1f}")
print(f"{name}_pct_of_trace_capacity: {100 * mbps / cap:.1f}" if cap else f"{name}_pct_of_trace_capacity: n/a")
print(f"{name}_pct_5s_windows_above_best_link: {100 * above / total:.0f}" if total else f"{name}_pct_5s_windows_above_best_link: n/a")
EOF
}

# ------------------------------------------------------------------------------------------ scenarios
NONE_EVENTS='[]'
scenario() {
    local s=$1
    log "=== scenario $s"
    case $s in
      a) out a_links_mbit "20,20,5"; shaper_start 20,20,5 0,0,0 0,0,0 0,0,0 -,-,- "$NONE_EVENTS"
         run_links a "1 2 3" "up down"; run_mptcp a "up down"; run_fleet a "up down" ;;
      b) out b_links_mbit "20,20,20"; shaper_start 20,20,20 0,0,0 0,0,0 0,0,0 -,-,- "$NONE_EVENTS"
         run_links b "1 2 3" "up down"; run_mptcp b "up down"; run_fleet b "up down" ;;
      c) out c_links_mbit "20,20,5 delay 20,40,80 ms jitter 10 ms"
         shaper_start 20,20,5 20,40,80 10,10,10 0,0,0 -,-,- "$NONE_EVENTS"
         run_links c "1 2 3" "up"; run_mptcp c "up down" reorder_metrics; run_fleet c "up down" reorder_metrics ;;
      d) out d_links_mbit "20,20,5 loss 0,0,3 %"; shaper_start 20,20,5 0,0,0 0,0,0 0,0,3 -,-,- "$NONE_EVENTS"
         run_links d "3" "up"; run_mptcp d "up down"; run_fleet d "up down" ;;
      e) out e_event "link 2 blackholed at 6 s, restored at 16 s"
         shaper_start 20,20,5 0,0,0 0,0,0 0,0,0 -,-,- '[{"at":6,"command":"blackhole 2"},{"at":16,"command":"restore 2"}]'
         local d
         want mptcp && { mptcp_prepare; for d in $FAILOVER_DIRS; do failover_run e mptcp "$d" blackhole; done; }
         if want fleet && fleet_start; then for d in $FAILOVER_DIRS; do failover_run e fleet "$d" blackhole; done
             stop_pid "$AGENT_PID"; AGENT_PID=""; stop_pid "$AGG_PID"; AGG_PID=""; else out e_fleet "skipped"; fi ;;
      f) out f_event "link 2 20 -> 2 Mbit/s at 6 s (ideal ~27 Mbit/s raw)"
         shaper_start 20,20,5 0,0,0 0,0,0 0,0,0 -,-,- '[{"at":6,"command":"rate 2 2"}]'
         local d
         want mptcp && { mptcp_prepare; for d in $FAILOVER_DIRS; do failover_run f mptcp "$d" rate; done; }
         if want fleet && fleet_start; then for d in $FAILOVER_DIRS; do failover_run f fleet "$d" rate; done
             stop_pid "$AGENT_PID"; AGENT_PID=""; stop_pid "$AGG_PID"; AGG_PID=""; else out f_fleet "skipped"; fi ;;
      g) local t joined
         joined=$(IFS=,; echo "${TRACES[*]}")
         for t in 1 2 3; do out "g_trace$t" "${TRACES[$((t-1))]}"; done
         dotnet "$SHAPER_DLL" trace-stats --window 5 --duration "$TRACE_DUR" "${TRACES[@]}" >"$LOGDIR/trace-windows.txt" \
             || die "trace-stats failed"
         out g_trace_capacity_mean_mbps "$(awk '{s+=$(NF-1); n++} END{printf "%.1f", n ? s/n : 0}' "$LOGDIR/trace-windows.txt")"
         out g_best_single_trace_mean_mbps "$(awk '{for(i=2;i<NF-1;i++) a[i]+=$i; n++} END{m=0; for(i in a) if(a[i]>m) m=a[i]; printf "%.1f", n ? m/n : 0}' "$LOGDIR/trace-windows.txt")"
         shaper_start 20,20,20 0,0,0 0,0,0 0,0,0 "$joined" "$NONE_EVENTS"
         want mptcp && { mptcp_prepare; trace_run g mptcp; }
         if want fleet && fleet_start; then trace_run g fleet; stop_pid "$AGENT_PID"; AGENT_PID=""; stop_pid "$AGG_PID"; AGG_PID=""
         else out g_fleet "skipped"; fi ;;
    esac
    shaper_stop
    local f   # keep each scenario's daemon logs (the next scenario overwrites agent.log / aggregator.log)
    for f in agent aggregator; do [ -f "$LOGDIR/$f.log" ] && cp "$LOGDIR/$f.log" "$LOGDIR/$f-$s.log"; done
}

unshaped() {
    setup unshaped
    out unshaped_links "3 veth pairs, no shaping"
    if ! fleet_start inet0; then out unshaped_fleet "skipped (${FLEET_WHY:-tunnel down})"; return; fi
    local d a0 a1 g0 g1 ap sp
    ap=$(daemon_pid "$AGENT_PID"); sp=$(daemon_pid "$AGG_PID")
    # Steady state only: CPU ticks and a stats dump (packets, allocated bytes) at 2 s and at DUR-1 s of
    # each run, so start-up (JIT, buffer pools growing to their high-water mark) is not counted.
    local w0=2 w1=$((DUR - 1)) win=$LOGDIR/unshaped-window.txt
    for d in up down; do
        rm -f "$win"
        ON_START="window_sample $ap $sp $w0 $win & window_sample $ap $sp $w1 $win &" \
            iperf unshaped-fleet "$d" "$LAN" "$INET" "$INET_HOST" "$DUR" 1 ""
        sleep 0.5
        read -r a0 g0 a1 g1 < <(sort -n "$win" | awk '{a[NR]=$2; g[NR]=$3} END{print a[1], g[1], a[2], g[2]}')
        local gbit; gbit=$(awk -v m="$MBPS" -v t="$((w1 - w0))" 'BEGIN{print m*t/1000}')
        out "unshaped_fleet_${d}_mbps" "$MBPS"
        out "unshaped_window_${d}_s" "$w0..$w1"
        out "unshaped_agent_${d}_cpu_s_per_gbit" "$(awk -v c=$((a1 - a0)) -v g="$gbit" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (g > 0 ? c / hz / g : 0)}')"
        out "unshaped_server_${d}_cpu_s_per_gbit" "$(awk -v c=$((g1 - g0)) -v g="$gbit" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (g > 0 ? c / hz / g : 0)}')"
        # Gbit/s one core sustains per end (each bit crosses both ends): target >= 1
        out "unshaped_${d}_gbit_per_s_per_core_per_end" "$(awk -v c=$((a1 - a0 + g1 - g0)) -v g="$gbit" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (c > 0 ? g / (c / hz / 2) : 0)}')"
        alloc_delta agent "$LOGDIR/agent.log" "$d"; alloc_delta server "$LOGDIR/aggregator.log" "$d"
    done
    stop_daemons
}
window_sample() { # agent_pid server_pid at_s file: at_s into the run, record CPU ticks and dump both daemons' stats
    sleep "$3"; echo "$3 $(pid_cpu_ticks "$1") $(pid_cpu_ticks "$2")" >>"$4"; kill -USR1 "$1" "$2" 2>/dev/null; }
alloc_delta() { # who log dir: the last two "stats:" dumps bracket the steady-state window
    local v
    v=$(grep -o 'allocated_bytes=[0-9]*' "$2" | tail -2 | cut -d= -f2 | paste -sd' ')
    local p; p=$(grep -o 'packets=[0-9]*' "$2" | tail -2 | cut -d= -f2 | paste -sd' ')
    set -- "$1" "$2" "$3" $v $p
    if [ $# -ge 7 ]; then
        out "unshaped_${1}_${3}_allocated_bytes" "$(( $5 - $4 ))"
        out "unshaped_${1}_${3}_allocated_bytes_per_packet" "$(awk -v a=$(( $5 - $4 )) -v p=$(( $7 - $6 )) 'BEGIN{printf "%.2f", p ? a/p : 0}')"
    else out "unshaped_${1}_${3}_allocated_bytes" "n/a (no stats dumps)"; fi
}

# ------------------------------------------------------------------------------------------ main
START=$(date +%s)
if [ "$UNSHAPED" = 1 ]; then unshaped; fi
if [ ${#SCENARIOS[@]} -gt 0 ]; then
    setup shaped
    for s in "${SCENARIOS[@]}"; do scenario "$s"; done
fi
out bench_seconds $(( $(date +%s) - START ))
