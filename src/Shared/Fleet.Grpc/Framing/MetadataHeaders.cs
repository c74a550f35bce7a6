namespace Fleet.Grpc.Framing;

/// <summary>Converts between <see cref="Metadata"/> and HTTP header name/value pairs.</summary>
internal static class MetadataHeaders
{
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;

    /// <summary>Adds one received header to <paramref name="metadata"/>; skips protocol headers and bad values.</summary>
    public static void AddReceived(Metadata metadata, string key, string value)
    {
        var lower = key.ToLowerInvariant();
        if (GrpcProtocol.IsReservedHeader(lower))
        {
            return;
        }

        try
        {
            if (lower.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal))
            {
                // Peers may send several base64 values joined by commas, and may omit padding.
                foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    metadata.Add(lower, DecodeBase64(part));
                }
            }
            else
            {
                metadata.Add(lower, value);
            }
        }
        catch (FormatException)
        {
            // A malformed header from the peer is dropped rather than failing the call.
        }
        catch (ArgumentException)
        {
        }
    }

    private static byte[] DecodeBase64(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        return Convert.FromBase64String(padding == 0 ? value : value + new string('=', padding));
    }
}
