namespace Fleet.Central.Alerts.Rules;

/// <summary>One kind of condition. Returns every instance true right now; the store opens, keeps and
/// resolves alerts to match.</summary>
public interface IAlertRule
{
    string Kind { get; }

    Task<IReadOnlyCollection<AlertCondition>> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
