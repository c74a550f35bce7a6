namespace Fleet.Central.Data;

public sealed partial class DatabaseMigrator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrated: {Count} migration(s) applied ({Names})")]
    private static partial void LogMigrated(ILogger logger, int count, string names);
}
