namespace Fleet.Central.Alerts;

public sealed partial class AlertEvaluator
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert rule {Kind} failed; its alerts are left as they were this round")]
    private static partial void LogRuleFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert evaluation round failed; trying again next interval")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
