namespace Fleet.Agent.Daemon;

public static class AgentVersion
{
    public static string Value { get; } = typeof(AgentVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
