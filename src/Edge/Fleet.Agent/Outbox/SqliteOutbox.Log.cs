using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Outbox;

public sealed partial class SqliteOutbox
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Sealed batch {BatchId} (#{Sequence}) with {Samples} samples, {Bytes} bytes")]
        public static partial void Sealed(ILogger logger, string batchId, uint sequence, int samples, int bytes);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Outbox over its {MaxBytes} byte bound: dropped oldest batch {BatchId} (#{Sequence}); {Dropped} batches dropped so far")]
        public static partial void Dropped(ILogger logger, long maxBytes, string batchId, long sequence, long dropped);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Outbox row {Table}#{RowId} is corrupt and was moved to quarantine: {Reason}")]
        public static partial void Quarantined(ILogger logger, string table, long rowId, string reason);
    }
}
