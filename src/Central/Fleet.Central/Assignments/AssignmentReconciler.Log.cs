namespace Fleet.Central.Assignments;

public sealed partial class AssignmentReconciler
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Reassigned {Count} vehicle(s); {Servers} server(s) taking vehicles")]
    private static partial void LogReassigned(ILogger logger, int count, int servers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment reconciliation failed; retrying at the next signal or interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
