#!/usr/bin/env bash
# check_json.sh - `tshark -2 -T json` and `-T ek` (the recipes of
# docs/tshark.md) give JSON without duplicate keys in the sipauth layer, read
# by a strict parser; the values a consumer reads are the right ones; and the
# Elasticsearch mapping types sipauth.retry_delay as a number, not a date.
#
# Wireshark writes one JSON key per tree item, named after the field, so two
# sibling items of one field repeat a key and most parsers keep only the last.
# The one repetition allowed is a layer's: a TCP segment that carries two SIP
# messages has two `sip` layers under "layers" (Wireshark's own), and as
# many `sipauth` layers as it has messages sipauth shows.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/tshark_with_plugin.sh"
sipauth_stage_plugin
sipauth_assert_loaded

# validate.py json|ek < OUTPUT: fail on a duplicate key; print one line per
# fact a test below asserts:
#   frame=N pair=KIND:REALM   (json: an object holding sipauth.kind and its sipauth.realm)
#   frame=N role=ROLE         (json: an object holding sipauth.role)
#   frame=N delay=SECONDS     (json: sipauth.retry_delay, to the nanosecond)
#   frame=N ek kind=K1,K2 realm=R1,R2 delay=SECONDS   (ek: the flattened sipauth layer)
validator=$(cat <<'EOF'
import json, sys

class Repeated(list):
    """The values of a key that occurred more than once in one object."""

def keep_all(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            if not isinstance(obj[key], Repeated):
                obj[key] = Repeated([obj[key]])
            obj[key].append(value)
        else:
            obj[key] = value
    return obj

errors = []

def walk(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, Repeated):
                # Wireshark repeats a layer (sip, ...) for each SIP message of
                # a TCP segment; sipauth has one layer per SIP message it
                # shows, so never more than sip.  Nothing else may repeat.
                sips = node.get("sip")
                layer_ok = path and path[-1] == "layers" and \
                    (key != "sipauth" or (isinstance(sips, Repeated) and len(sips) >= len(value)))
                if not layer_ok:
                    errors.append("duplicate key %r at %s" % (key, "/".join(path) or "/"))
                for v in value:
                    walk(v, path + [key])
            else:
                walk(value, path + [key])
    elif isinstance(node, list):
        for v in node:
            walk(v, path)

def objects(node):
    """Every JSON object under node, depth first."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from objects(v)
    elif isinstance(node, list):
        for v in node:
            yield from objects(v)

def every(value):
    return value if isinstance(value, list) else [value]

mode = sys.argv[1]
text = sys.stdin.read()
docs = [json.loads(text, object_pairs_hook=keep_all)] if mode == "json" else \
       [json.loads(line, object_pairs_hook=keep_all) for line in text.splitlines() if line.strip()]
for doc in docs:
    walk(doc, [])
facts = []
if mode == "json":
    for packet in docs[0]:
        layers = packet["_source"]["layers"]
        frame = layers["frame"]["frame.number"]
        for obj in objects(every(layers.get("sipauth", []))):
            if "sipauth.kind" in obj:
                facts.append("frame=%s pair=%s:%s" % (frame, obj["sipauth.kind"], obj.get("sipauth.realm")))
            if "sipauth.role" in obj:
                facts.append("frame=%s role=%s" % (frame, obj["sipauth.role"]))
            if "sipauth.retry_delay" in obj:
                facts.append("frame=%s delay=%.9f" % (frame, float(obj["sipauth.retry_delay"])))
else:
    for doc in docs:
        layers = doc.get("layers")
        if not layers or "sipauth" not in layers:
            continue  # the bulk index line
        join = lambda v: ",".join(v) if isinstance(v, list) else str(v)
        for s in every(layers["sipauth"]):  # an array when a segment carries several messages
            delay = s.get("sipauth_sipauth_retry_delay")
            facts.append("frame=%s ek kind=%s realm=%s delay=%s" % (layers["frame"]["frame_frame_number"],
                         join(s.get("sipauth_sipauth_kind", "")), join(s.get("sipauth_sipauth_realm", "")),
                         "" if delay is None else "%.9f" % float(delay)))
for e in errors:
    print("DUPLICATE " + e)
for f in facts:
    print(f)
sys.exit(1 if errors else 0)
EOF
)
validate() { python3 -c "$validator" "$@"; }

fail=0
# export CAPTURE EXPECT FORMAT: the documented recipe, with the scenario's
# credentials table so the digest findings are there too.
export_as() {
    local staged=$1 expect=$2 format=$3
    table=()
    [ -z "$expect" ] || sipauth_table_from "$expect"
    sipauth_tshark -2 -r "$staged" ${table[@]+"${table[@]}"} -Y sipauth -T "$format" -J "frame sipauth"
}

# Every capture of the corpus and the derived ones: no duplicate key.
captures=("$top"/captures/*.pcapng "$here"/../data/*.pcapng)
declare -A facts
for capture in "${captures[@]}"; do
    name=$(basename "$capture" .pcapng)
    expect="$top/captures/$name.expect"
    [ -f "$expect" ] || expect=""
    staged=$(sipauth_stage_capture "$capture")
    for format in json ek; do
        out=$(export_as "$staged" "$expect" "$format")
        [ -n "$out" ] || { echo "FAIL $name -T $format: no output"; fail=1; continue; }
        if ! facts[$name.$format]=$(validate "$format" <<<"$out"); then
            echo "FAIL $name -T $format:"; grep '^DUPLICATE' <<<"${facts[$name.$format]}" | sort | uniq -c | head; fail=1
        fi
    done
done

# expect_facts NAME.FORMAT REGEX WANT: the facts matching REGEX are exactly WANT.
expect_facts() {
    local got
    got=$(grep -E "$2" <<<"${facts[$1]:-}" || true)
    [ "$got" = "$3" ] || { printf 'FAIL %s: facts /%s/ are\n%s\nwanted\n%s\n' "$1" "$2" "$got" "$3"; fail=1; }
}
# The retry of frame 8 answers a proxy and a registrar: two realms, each with
# its kind, each once; every challenge and retry names its own realm once.
expect_facts proxy-then-registrar.json 'pair=' 'frame=2 pair=proxy:proxy.sipauth.test
frame=4 pair=proxy:proxy.sipauth.test
frame=6 pair=www:registrar.sipauth.test
frame=8 pair=proxy:proxy.sipauth.test
frame=8 pair=www:registrar.sipauth.test'
expect_facts proxy-then-registrar.json '^frame=8 (role|delay)=' 'frame=8 role=retry
frame=8 delay=0.000203427'
expect_facts proxy-then-registrar.ek '^frame=8 ' \
    'frame=8 ek kind=proxy,www realm=proxy.sipauth.test,registrar.sipauth.test delay=0.000203427'
# Frame 3 of the coalesced capture carries the ACK and the retry: each
# message has its own role (and flow, links, ...), in order.
expect_facts tcp-coalesced.json '^frame=3 ' 'frame=3 role=ack
frame=3 role=retry
frame=3 delay=0.000001000
frame=3 pair=proxy:proxy.sipauth.test'
expect_facts tcp-coalesced.ek '^frame=3 ' 'frame=3 ek kind= realm= delay=
frame=3 ek kind=proxy realm=proxy.sipauth.test delay=0.000001000'

# The Elasticsearch mapping: a delay is a number of seconds, not a date.
type=$(sipauth_tshark -G elastic-mapping --elastic-mapping-filter sipauth |
       python3 -c 'import json, sys
m = json.load(sys.stdin)["mappings"]
m = m.get("doc", m)  # Wireshark 4.0 has no mapping type level; older ones had "doc"
print(m["properties"]["layers"]["properties"]["sipauth"]["properties"]["sipauth_sipauth_retry_delay"]["type"])')
case "$type" in
float|double|scaled_float|long) ;;
*) echo "FAIL: -G elastic-mapping types sipauth.retry_delay as \"$type\", not a number"; fail=1 ;;
esac

[ "$fail" = 0 ] || exit 1
echo "ok: -T json and -T ek of ${#captures[@]} captures have no duplicate key in sipauth; retry_delay maps as $type"
