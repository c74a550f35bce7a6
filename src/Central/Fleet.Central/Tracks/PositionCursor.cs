using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Fleet.Central.Tracks;

/// <summary>Where a page of positions ended: (time, id) of its last row, the same order as the primary
/// key, so the next page is an index range scan and rows inserted meanwhile neither repeat nor shift pages.
/// Opaque to clients (base64url of a versioned text).</summary>
public readonly record struct PositionCursor(DateTimeOffset Time, long Id)
{
    private const string Version = "p1";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Version}:{Time.UtcTicks}:{Id}")));

    public static bool TryDecode(string? text, out PositionCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 128)
            return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = Encoding.UTF8.GetString(bytes).Split(':');
        if (parts.Length != 3 || parts[0] != Version ||
            !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            return false;
        cursor = new PositionCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
