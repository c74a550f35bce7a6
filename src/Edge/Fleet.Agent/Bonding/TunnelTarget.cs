using System.Net;
using System.Net.Sockets;
using Fleet.Bonding.Crypto;
using Fleet.Contracts.Agents;

namespace Fleet.Agent.Bonding;

/// <summary>One aggregation server as the tunnels need it: where to send (first usable endpoint) and whose key to expect.</summary>
public sealed record TunnelTarget(string ServerId, string Name, IPEndPoint Endpoint, byte[] PublicKey)
{
    /// <summary>Same server, same endpoint, same key: re-pointing would only cost a handshake.</summary>
    public bool SameAs(TunnelTarget? other) =>
        other is not null && ServerId == other.ServerId && Endpoint.Equals(other.Endpoint) && PublicKey.AsSpan().SequenceEqual(other.PublicKey);

    /// <summary>Reads central's description of a server; a bad endpoint or key is an error value, never a throw
    /// (one malformed assignment must not take the data plane down).</summary>
    public static async Task<(TunnelTarget? Target, string? Error)> ResolveAsync(AggregationServer? server, CancellationToken ct)
    {
        if (server is null || string.IsNullOrEmpty(server.ServerId))
            return (null, "no server");
        if (!StaticKeyPair.TryParsePublicKey(Convert.ToBase64String(server.PublicKey.Span), out var key, out var keyError))
            return (null, $"server {server.Name}: {keyError}");
        var errors = new List<string>();
        foreach (var endpoint in server.Endpoints)
        {
            if (IPEndPoint.TryParse(endpoint, out var parsed) && parsed.Port != 0)
                return (new TunnelTarget(server.ServerId, server.Name, parsed, key), null);
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(endpoint.AsSpan(colon + 1), out var port) || port == 0)
            {
                errors.Add($"\"{endpoint}\" is not host:port");
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(endpoint[..colon], AddressFamily.InterNetwork, ct).ConfigureAwait(false);
                if (addresses.Length > 0)
                    return (new TunnelTarget(server.ServerId, server.Name, new IPEndPoint(addresses[0], port), key), null);
                errors.Add($"\"{endpoint}\" has no IPv4 address");
            }
            catch (SocketException e)
            {
                errors.Add($"\"{endpoint}\": {e.Message}");
            }
        }

        return (null, $"server {server.Name}: no usable endpoint ({(errors.Count == 0 ? "none given" : string.Join("; ", errors))})");
    }
}
