using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Contracts.Aggregators;

namespace Fleet.Aggregator.Central;

/// <summary>
/// Keeps the authoriser in step with the device sets central streams: each set is complete, so a device
/// missing from it (deleted at central) is removed, and a device whose key or prefixes changed is replaced.
/// A device without a usable key or prefix is skipped and reported, never half-added.
/// </summary>
public sealed class DevicePeerTable(StaticPeerAuthorizer authorizer)
{
    private readonly Dictionary<string, Entry> _devices = new(StringComparer.Ordinal);

    public int Count => _devices.Count;

    /// <summary>Applies one complete set; returns the prefixes that are new (to be routed into the TUN) and
    /// the devices that were skipped, with the reason.</summary>
    public DeviceSetChange Apply(DeviceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var newPrefixes = new List<string>();
        var skipped = new List<string>();
        var added = 0;
        foreach (var device in set.Devices)
        {
            if (!TryEntry(device, out var entry, out var reason))
            {
                skipped.Add($"{device.DeviceId}: {reason}");
                continue;
            }

            seen.Add(device.DeviceId);
            if (_devices.TryGetValue(device.DeviceId, out var old) && old.SameAs(entry))
                continue;
            if (old is not null)
                authorizer.Remove(old.PublicKey);
            authorizer.Add(entry.PublicKey, new PeerGrant(PeerName(device.DeviceId), entry.Prefixes));
            newPrefixes.AddRange(entry.PrefixTexts.Where(p => old is null || !old.PrefixTexts.Contains(p)));
            _devices[device.DeviceId] = entry;
            added++;
        }

        var removed = 0;
        foreach (var gone in _devices.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            authorizer.Remove(_devices[gone].PublicKey);
            _devices.Remove(gone);
            removed++;
        }

        return new DeviceSetChange(added, removed, newPrefixes, skipped);
    }

    /// <summary>Sessions and logs name a device by the start of its id.</summary>
    public static string PeerName(string deviceId) => "dev-" + (deviceId.Length > 8 ? deviceId[..8] : deviceId);

    private static bool TryEntry(DeviceKey device, out Entry entry, out string reason)
    {
        entry = null!;
        var key = device.TunnelPublicKey.ToByteArray();
        if (!StaticKeyPair.TryParsePublicKey(Convert.ToBase64String(key), out var publicKey, out var keyError))
        {
            reason = $"tunnel key unusable ({keyError})";
            return false;
        }
        var prefixes = new List<IpPrefix>();
        foreach (var text in device.AllowedPrefixes)
        {
            if (!IpPrefix.TryParse(text, out var prefix, out var error))
            {
                reason = $"prefix '{text}': {error}";
                return false;
            }
            prefixes.Add(prefix);
        }
        if (prefixes.Count == 0)
        {
            reason = "no tunnel address (enrolled before central handed them out; re-enroll it)";
            return false;
        }
        entry = new Entry(publicKey, prefixes, [.. device.AllowedPrefixes]);
        reason = "";
        return true;
    }

    private sealed record Entry(byte[] PublicKey, IReadOnlyList<IpPrefix> Prefixes, IReadOnlyList<string> PrefixTexts)
    {
        public bool SameAs(Entry other) => PublicKey.AsSpan().SequenceEqual(other.PublicKey) && PrefixTexts.SequenceEqual(other.PrefixTexts);
    }
}

public sealed record DeviceSetChange(int Added, int Removed, IReadOnlyList<string> NewPrefixes, IReadOnlyList<string> Skipped);
