namespace Fleet.Bonding.Protocol;

/// <summary>Feedback payload: count u8, then <see cref="FeedbackEntry"/> × count.</summary>
public static class FeedbackMessage
{
    public static int SizeFor(int count) => 1 + (count * FeedbackEntry.Size);

    /// <summary>Validates the payload and returns the entry count; entries are read with <see cref="EntryAt"/>.</summary>
    public static ParseResult TryRead(ReadOnlySpan<byte> payload, out int count)
    {
        count = 0;
        if (payload.Length < 1)
        {
            return ParseResult.Truncated;
        }

        count = payload[0];
        if (count > BondingProtocol.MaxLinks)
        {
            return ParseResult.BadField;
        }

        if (payload.Length < SizeFor(count))
        {
            return ParseResult.Truncated;
        }

        return payload.Length == SizeFor(count) ? ParseResult.Ok : ParseResult.BadLength;
    }

    public static FeedbackEntry EntryAt(ReadOnlySpan<byte> payload, int index) =>
        FeedbackEntry.Read(payload.Slice(1 + (index * FeedbackEntry.Size), FeedbackEntry.Size));

    public static void WriteCount(Span<byte> payload, int count) => payload[0] = (byte)count;

    public static void WriteEntry(Span<byte> payload, int index, in FeedbackEntry entry) =>
        entry.Write(payload.Slice(1 + (index * FeedbackEntry.Size), FeedbackEntry.Size));
}
