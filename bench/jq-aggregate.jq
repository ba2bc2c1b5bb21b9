# What a user would script instead of `cmkv sweep`'s log reading: archive-format Key Vault audit records
# (JSON Lines, on stdin) folded into counts per key, key version, caller, operation and HTTP status, with the
# first and last time of each, for the keys in a cmk-verifier registry, plus the vaults that logged anything.
#   cat PT1H.json ... | jq -n -c --slurpfile registry registry.json --arg from T0 --arg to T1 -f jq-aggregate.jq
# Times compare as text, so FROM and TO must be in the form archive records carry (7 fractional digits, Z).

def key_of($text):
  ($text // "") | ascii_downcase
  | capture("^[a-z]+://(?<host>[^/:?#]+)(:[0-9]+)?/(keys|deletedkeys)/(?<name>[^/?#]+)(/(?<version>[0-9a-f]{32}))?")
    // null;

($registry[0].resources | map(.key | key_of(.) | "\(.host)/\(.name)") | map({(.): true}) | add) as $registered
| reduce (inputs | select(.time >= $from and .time < $to)) as $r ({groups: {}, vaults: {}};
    ($r.properties // {}) as $p
    | (key_of($p.id // $r.id) // key_of($p.requestUri // $r.requestUri)) as $k
    | .vaults[($r.resourceId // "" | ascii_downcase | capture("/vaults/(?<v>[^/]+)").v // "?")] = true
    | if $k == null or $registered["\($k.host)/\($k.name)"] == null then .
      else
        ($r.identity.claim // {}) as $c
        | ([$k.host, $k.name, $k.version // "",
            ($c.oid // $c["http://schemas.microsoft.com/identity/claims/objectidentifier"] // "" | ascii_downcase),
            ($c.appid // "" | ascii_downcase), ($c.xms_mirid // "" | ascii_downcase),
            $r.operationName, ($p.httpStatusCode // $r.httpStatusCode | tostring)] | join(" ")) as $g
        | .groups[$g].count += 1
        | .groups[$g].first = ([.groups[$g].first // $r.time, $r.time] | min)
        | .groups[$g].last = ([.groups[$g].last // $r.time, $r.time] | max)
      end)
| {groups: (.groups | length), records: ([.groups[].count] | add), vaults: (.vaults | keys)}
